import type { App } from '../../src/app.ts';
import { assertContract } from './contract.ts';

export interface JsonRequest {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Every response is checked against the OpenAPI document (status declared, body and headers
   * match) and a mismatch fails the test; `false` skips that for a deliberately undeclared request.
   */
  contract?: boolean;
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the app in-process, sending `body` as JSON and reading the answer as JSON when it is; checks the answer against the OpenAPI document. */
export async function call<T = any>(
  app: App,
  method: string,
  path: string,
  options: JsonRequest = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await app.request(path, { method, headers, body });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
  if (options.contract !== false)
    await assertContract(method, path, { status: response.status, headers: response.headers, text });
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
