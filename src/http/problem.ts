import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { HashCancelledError } from '../crypto/password.ts';
import { describeError, isDatabaseUnavailable, isForeignKeyViolation, isUnencodableText } from '../db/errors.ts';
import { AppError, badRequest, conflict, internalError, serviceUnavailable } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** An `AppError` as `application/problem+json`, with the headers it carries (`Retry-After`, `WWW-Authenticate`). */
export function problemResponse(c: Context, error: AppError): Response {
  return c.json(error.toProblem(), error.status as 400, {
    ...error.headers,
    'Content-Type': 'application/problem+json',
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
  if (error instanceof HashCancelledError) return serviceUnavailable('The request was cancelled before it was served.');
  if (isDatabaseUnavailable(error)) return serviceUnavailable('The database is unavailable; retry shortly.');
  // Backstop for text PostgreSQL cannot encode that got past the body checks (22021, 22P05).
  if (isUnencodableText(error)) return badRequest('The request holds text that cannot be stored.');
  // A row this write refers to went away meanwhile (the account deleted mid-request, say).
  if (isForeignKeyViolation(error)) return conflict('A row this request refers to no longer exists.');
  return undefined;
}

export const handleError = (logger: Logger) => (error: Error, c: Context) => {
  const known = toAppError(error);
  // A request cancelled before its work ran is not a fault of ours: answered (if anyone listens), not logged.
  if (known && (known.status < 500 || error instanceof HashCancelledError)) return problemResponse(c, known);
  logger.error('request failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    ...describeError(error),
  });
  return problemResponse(c, known ?? internalError());
};
