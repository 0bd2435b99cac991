import type { Context, MiddlewareHandler } from 'hono';
import { requestId as honoRequestId } from 'hono/request-id';
import { secureHeaders as honoSecureHeaders } from 'hono/secure-headers';
import type { Logger } from '../logger.ts';
import type { HttpVariables } from './env.ts';

// The contract's set. Hono's own check would also echo `=`, so it is off and this one decides.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A well-formed incoming `X-Request-Id`, else a new UUID. */
export const requestIdOf = (incoming: string | undefined): string =>
  incoming && CLIENT_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();

/**
 * Hono's request id: a well-formed incoming `X-Request-Id` is echoed, anything else replaced by a
 * UUID; the id is on `c.var.requestId` and in the `X-Request-Id` of every response.
 */
export function requestId(): MiddlewareHandler<{ Variables: Pick<HttpVariables, 'requestId'> }> {
  const assign = honoRequestId({
    headerName: '',
    generator: (c) => requestIdOf(c.req.header('x-request-id')),
  });
  return (c, next) =>
    assign(c, async () => {
      c.header('X-Request-Id', c.var.requestId);
      await next();
    });
}

/** Hono's secure headers with its defaults, but the resource policy opened for a blog front end on another origin. */
export const secureHeaders = () =>
  honoSecureHeaders({ crossOriginResourcePolicy: 'cross-origin', removePoweredBy: false });

/**
 * What `secureHeaders()` sets, as one plain record for the fast path (src/http/fast-path/), which
 * writes them itself; test/public-articles/fast-path.test.ts holds the two to the same headers.
 */
export const SECURE_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-resource-policy': 'cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/**
 * One access-log line per request. Only the path is logged, never the query string (the emailed
 * verification link carries its token there), the headers or the body.
 */
export const accessLog =
  (logger: Logger): MiddlewareHandler<{ Variables: Partial<HttpVariables> }> =>
  async (c, next) => {
    const startedAt = performance.now();
    await next();
    logRequest(logger, c, c.res.status, startedAt);
  };

export function logRequest(
  logger: Logger,
  c: Context<{ Variables: Partial<HttpVariables> }>,
  status: number,
  startedAt: number,
): void {
  logger.info('request', {
    requestId: c.var.requestId,
    method: c.req.method,
    path: c.req.path,
    status,
    durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
    userId: c.var.userId,
  });
}
