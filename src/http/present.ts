import type { Context, Handler, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

type Route = { responses: Record<string, unknown> };

/** The zod schema of each status the route answers with a JSON body. */
function jsonSchemas(route: Route): Map<number, z.ZodType> {
  const schemas = new Map<number, z.ZodType>();
  for (const [status, response] of Object.entries(route.responses)) {
    const schema = (response as { content?: Record<string, { schema?: unknown }> }).content?.['application/json']
      ?.schema;
    if (schema instanceof z.ZodType) schemas.set(Number(status), schema);
  }
  return schemas;
}

/** Thrown when a handler's body does not fit its declared schema; becomes a bare 500, logged. */
export class ResponseSchemaError extends Error {
  constructor(status: number, issues: readonly z.core.$ZodIssue[]) {
    // Paths and codes only: the values may be exactly what must not leak.
    const where = issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`).join('; ');
    super(`response ${status} does not match its schema: ${where}`);
    this.name = 'ResponseSchemaError';
  }
}

/** The body as its schema shapes it: unknown keys stripped, so only declared fields go out. */
export function conform(schema: z.ZodType, status: number, body: unknown): unknown {
  const direct = schema.safeParse(body);
  if (direct.success) return direct.data;
  // A presenter may hand over what JSON would turn into a string (a Date): judge the wire form.
  const wire = schema.safeParse(JSON.parse(JSON.stringify(body)));
  if (wire.success) return wire.data;
  throw new ResponseSchemaError(status, wire.error.issues);
}

function statusOf(init: unknown): number {
  if (typeof init === 'number') return init;
  if (init && typeof init === 'object' && 'status' in init && typeof init.status === 'number') return init.status;
  return 200;
}

/**
 * Wraps a route's handler so every `c.json(body, status)` for a status declared with a JSON schema
 * sends `schema.parse(body)`: a column a query happens to return (a hash, a token) cannot leak.
 */
export function presentThrough<H extends Handler<any, any, any, any>>(route: Route, handler: H): H {
  const schemas = jsonSchemas(route);
  if (schemas.size === 0) return handler;
  const wrapped = (c: Context, next: () => Promise<void>) => {
    const json = c.json;
    c.json = ((body: unknown, init?: unknown, headers?: unknown) => {
      const status = statusOf(init);
      const schema = schemas.get(status);
      return (json as any)(schema ? conform(schema, status, body) : body, init, headers);
    }) as typeof c.json;
    return handler(c, next);
  };
  return wrapped as unknown as H;
}

const JSON_CONTENT_TYPE = { 'Content-Type': 'application/json' };

/**
 * A JSON body serialised earlier (a cached page, already shaped by its schema when it was made),
 * sent as it is and typed as the JSON it holds, for the route's declared response and the client.
 */
export function sendSerializedJson<T, S extends ContentfulStatusCode>(
  c: Context,
  body: Uint8Array<ArrayBuffer> | string,
  status: S,
  headers: Record<string, string> = {},
) {
  // Not `{ ...headers, 'Content-Type': … }`: a key added to a spread copy is slow on V8 (see envelope.ts).
  return c.body(body, status, Object.assign({}, headers, JSON_CONTENT_TYPE)) as unknown as Response &
    TypedResponse<T, S, 'json'>;
}
