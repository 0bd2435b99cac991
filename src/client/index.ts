import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../generated/openapi-types.generated.ts';

export type { components, operations, paths } from '../../generated/openapi-types.generated.ts';

export interface FinityClientOptions {
  /** An access token from `POST /v1/auth/login`, sent as `Authorization: Bearer` on every request. */
  token?: string;
  fetch?: (request: Request) => Promise<Response>;
}

/** A client of the Finity API typed from openapi.json: paths, bodies and answers are checked at compile time. */
export function createFinityClient(baseUrl: string, options: FinityClientOptions = {}): Client<paths> {
  const client = createClient<paths>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token) {
    client.use({
      onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

export type { AppType } from '../app.ts';
