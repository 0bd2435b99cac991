import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, badRequest, internalError, serviceUnavailable } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isDatabaseUnavailable } from './db-errors.ts';

export function problemResponse(c: Context, error: AppError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.body(JSON.stringify(error.toProblem()), error.status as ContentfulStatusCode, {
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
    return new AppError(error.status, 'http-error', error.message || 'Request failed');
  }
  if (isDatabaseUnavailable(error)) return serviceUnavailable('The database is unavailable; retry shortly.');
  return undefined;
}

export const handleError = (logger: Logger) => (error: Error, c: Context) => {
  const known = toAppError(error);
  if (known && known.status < 500) return problemResponse(c, known);
  logger.error('request failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: error.name,
    detail: error.message,
    stack: error.stack,
  });
  return problemResponse(c, known ?? internalError());
};
