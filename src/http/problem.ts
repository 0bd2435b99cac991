import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, badRequest, conflict, internalError, serviceUnavailable } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { describeError, isDatabaseUnavailable, isForeignKeyViolation, isUnencodableText } from './db-errors.ts';

export function problemResponse(_c: Context, error: AppError): Response {
  // Built directly rather than through c.body(): headers set with c.header() are lost when the
  // error surfaces from a middleware that already holds a response (a timeout, say).
  return new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': 'application/problem+json' },
  });
}

/** The one place an exception becomes a response. Internals are logged, never sent. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 400) return badRequest('The body is not valid JSON.');
    if (error.status === 413)
      return new AppError(413, 'payload-too-large', 'Payload too large', 'The body is too large.');
    if (error.status === 503) return serviceUnavailable(error.message || undefined);
    return new AppError(error.status, 'http-error', error.message || 'Request failed');
  }
  if (isDatabaseUnavailable(error)) return serviceUnavailable('The database is unavailable; retry shortly.');
  // Backstop for text PostgreSQL cannot encode that got past the body checks (22021, 22P05).
  if (isUnencodableText(error)) return badRequest('The request holds text that cannot be stored.');
  // A row this write refers to went away meanwhile (the account deleted mid-request, say).
  if (isForeignKeyViolation(error)) return conflict('A row this request refers to no longer exists.');
  return undefined;
}

export const handleError = (logger: Logger) => (error: Error, c: Context) => {
  const known = toAppError(error);
  if (known && known.status < 500) return problemResponse(c, known);
  logger.error('request failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    ...describeError(error),
  });
  return problemResponse(c, known ?? internalError());
};
