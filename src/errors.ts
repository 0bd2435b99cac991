export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** Every failure a client may see. Rendered as application/problem+json by the app's one error handler. */
export class AppError extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
    this.headers = headers;
  }

  toProblem(): ProblemDetails {
    return {
      type: `https://finity.dev/problems/${this.type}`,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export const validationFailed = (errors: FieldError[], detail = 'The request is not valid.') =>
  new AppError(400, 'validation-failed', 'Validation failed', detail, errors);

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'bad-request', 'Bad request', detail, errors);

export const unauthorized = (detail = 'A valid bearer token is required.') =>
  new AppError(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });

export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Forbidden', detail);

/** Missing and another user's rows are indistinguishable on purpose. */
export const notFound = (resource = 'resource') =>
  new AppError(404, 'not-found', 'Not found', `No ${resource} with that identifier.`);

export const conflict = (detail: string, errors?: FieldError[]) =>
  new AppError(409, 'conflict', 'Conflict', detail, errors);

export const preconditionFailed = (detail = 'The resource changed since it was read (If-Match does not match).') =>
  new AppError(412, 'precondition-failed', 'Precondition failed', detail);

export const payloadTooLarge = (limitBytes: number) =>
  new AppError(413, 'payload-too-large', 'Payload too large', `The body is larger than ${limitBytes} bytes.`);

export const unsupportedMediaType = () =>
  new AppError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.');

export const unprocessable = (detail: string) => new AppError(422, 'unprocessable', 'Unprocessable content', detail);

export const tooManyRequests = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new AppError(429, 'rate-limited', 'Too many requests', 'Too many requests; retry later.', undefined, {
    ...headers,
    'Retry-After': String(retryAfterSeconds),
  });

export const serviceUnavailable = (detail = 'A dependency is unavailable; retry shortly.', retryAfterSeconds = 1) =>
  new AppError(503, 'unavailable', 'Service unavailable', detail, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

export const internalError = () =>
  new AppError(500, 'internal', 'Internal server error', 'An unexpected error occurred.');
