export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A small JSON client over real HTTP: the edge suite and the Bun and Deno smoke tests share it. */
export function createClient(baseUrl: string, defaults: Record<string, string> = {}) {
  return async function call<T = any>(method: string, path: string, options: RequestOptions = {}) {
    const headers: Record<string, string> = { ...defaults, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body: body as T, text } satisfies ApiResponse<T>;
  };
}

export type Client = ReturnType<typeof createClient>;
