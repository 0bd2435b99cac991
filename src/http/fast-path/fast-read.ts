import type { Context, Handler } from 'hono';
import { z } from 'zod';
import { validationFailed } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { HttpVariables } from '../env.ts';
import { logRequest, requestIdOf, SECURE_HEADERS } from '../envelope.ts';
import { handleError } from '../problem.ts';
import { toFieldErrors } from '../validation.ts';

/**
 * The one opt-in fast path: GET routes that answer before the app-wide middleware, used only by the
 * two public reads on Node (what it buys, measured: docs/performance.md). Stock Hono builds every
 * response's headers as a Web `Headers` (the request id and CORS through `c.header`, the secure
 * headers set on the finished response), which @hono/node-server then copies out header by header;
 * a public read is small enough for that to be a large share of its CPU. A fast route does the same
 * work itself — request id, the same secure headers, CORS for simple requests, the check of its
 * declared path, query and headers against the route's own schemas, the access-log line, errors as
 * problem+json — and builds its response once, every header in one plain object. It does not arm
 * the request timeout: its database work is bounded by the statement timeout.
 */

/** What a fast route answers: a status, a body (already serialised) and its own headers. */
export interface FastAnswer {
  status: number;
  body: BodyInit | null;
  headers: Record<string, string>;
}

export interface FastReadSetup {
  logger: Logger;
  /** CORS_ORIGINS, and the response headers a browser may read (as the app's CORS middleware). */
  corsOrigins: readonly string[];
  exposeHeaders: readonly string[];
}

/** The declared inputs of a route, checked as zod-openapi would check them. */
interface DeclaredInputs {
  request?: { params?: z.ZodType; query?: z.ZodType; headers?: z.ZodType | unknown };
}

type Target = 'param' | 'query' | 'header';
const TARGET_NAMES: Record<Target, string> = { param: 'path', query: 'query', header: 'headers' };

function check<T>(schema: z.ZodType<T>, value: unknown, target: Target): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const name = TARGET_NAMES[target];
  throw validationFailed(toFieldErrors(result.error.issues, name), `The request ${name} is not valid.`);
}

/** The declared headers only, under the schema's own spelling of their names. */
function readHeaders(c: Context, schema: z.ZodObject): Record<string, string> {
  const value: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const header = c.req.header(name.toLowerCase());
    if (header !== undefined) value[name] = header;
  }
  return value;
}

export function fastRead<P, Q, H>(
  setup: FastReadSetup,
  route: DeclaredInputs,
  read: (input: { param: P; query: Q; header: H }) => Promise<FastAnswer>,
): Handler<{ Variables: Partial<HttpVariables> }> {
  const { params, query, headers } = route.request ?? {};
  const headerSchema = headers instanceof z.ZodObject ? headers : undefined;
  const exposed = setup.exposeHeaders.join(',');
  const withCors = (c: Context, answer: Record<string, string>) => {
    const origin = c.req.header('origin');
    if (origin && setup.corsOrigins.includes(origin)) answer['access-control-allow-origin'] = origin;
    answer['access-control-expose-headers'] = exposed;
    answer.vary = 'Origin';
  };
  const respond = (
    c: Context,
    requestId: string,
    status: number,
    body: BodyInit | null,
    own: Record<string, string>,
  ) => {
    // Object.assign, not a spread: keys added to a spread copy are slow on V8 (docs/performance.md).
    const all: Record<string, string> = Object.assign({}, SECURE_HEADERS);
    all['x-request-id'] = requestId;
    if (setup.corsOrigins.length > 0) withCors(c, all);
    for (const name in own) all[name.toLowerCase()] = own[name] as string;
    return new Response(body, { status, headers: all });
  };

  return async (c) => {
    const startedAt = performance.now();
    const requestId = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    let response: Response;
    try {
      const answer = await read({
        param: (params ? check(params, c.req.param(), 'param') : {}) as P,
        query: (query ? check(query, c.req.query(), 'query') : {}) as Q,
        header: (headerSchema ? check(headerSchema, readHeaders(c, headerSchema), 'header') : {}) as H,
      });
      response = respond(c, requestId, answer.status, answer.body, answer.headers);
    } catch (error) {
      // Rendered by the app's own error handler, then given this path's envelope.
      const problem = handleError(setup.logger)(error instanceof Error ? error : new Error(String(error)), c);
      response = respond(c, requestId, problem.status, problem.body, Object.fromEntries(problem.headers));
    }
    logRequest(setup.logger, c, response.status, startedAt);
    return response;
  };
}
