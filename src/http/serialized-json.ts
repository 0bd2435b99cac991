import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A JSON body serialised earlier (a cached page), sent as it is and typed as the JSON it holds, for
 * the route's declared response and the typed client.
 */
export function serializedJson<T, S extends ContentfulStatusCode>(
  c: Context,
  body: Uint8Array<ArrayBuffer> | string,
  status: S,
  headers: Record<string, string> = {},
) {
  return c.body(body, status, { ...headers, 'Content-Type': 'application/json' }) as unknown as Response &
    TypedResponse<T, S, 'json'>;
}
