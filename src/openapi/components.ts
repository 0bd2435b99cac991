/** Shared response definitions of the OpenAPI document: error responses and the headers they carry. */

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, JSON nested deeper than 32 levels, or fields that fail validation (`errors` names each)',
  401: 'Missing, malformed, expired or revoked bearer token',
  403: 'The password given does not match',
  404: 'No such resource (or it belongs to another user)',
  409: 'Conflict with the current state, or the same Idempotency-Key is still running',
  412: 'If-Match does not match the current ETag',
  413: 'Body over the size limit',
  415: 'Body is not application/json',
  422: 'Idempotency-Key reused with a different body',
  429: 'Rate limited; see Retry-After',
  500: 'Unexpected server fault',
  503: 'A dependency is unavailable or the request took too long; see Retry-After',
};

/** Response headers shared by many operations, as `components.headers`. */
export const HEADER_COMPONENTS = {
  'X-Request-Id': {
    description: 'Echo of a well-formed incoming `X-Request-Id` (1..128 of `[A-Za-z0-9._:-]`), else a generated UUID',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    example: '6f1d8a2e-1c3b-4b7a-9a52-0c7c2e1f4b11',
  },
  ETag: {
    description: 'Strong validator of the representation, `"<version>"`; send it back in `If-Match` or `If-None-Match`',
    required: true,
    schema: { type: 'string' },
    example: '"3"',
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    required: true,
    schema: { type: 'integer', minimum: 0 },
    example: 60,
  },
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window',
    required: true,
    schema: { type: 'integer', minimum: 0 },
    example: 10,
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window',
    required: true,
    schema: { type: 'integer', minimum: 0 },
    example: 0,
  },
  'RateLimit-Reset': {
    description: 'Seconds until the current window resets',
    required: true,
    schema: { type: 'integer', minimum: 0 },
    example: 540,
  },
  'WWW-Authenticate': {
    description: 'The authentication scheme to use',
    required: true,
    schema: { type: 'string' },
    example: 'Bearer',
  },
} as const;

export type SharedHeader = keyof typeof HEADER_COMPONENTS;
export const headerRef = (name: SharedHeader) => ({ $ref: `#/components/headers/${name}` });

/** For a route's response `headers`: `{ ...responseHeaders('ETag') }`. */
export const responseHeaders = (...names: SharedHeader[]) =>
  Object.fromEntries(names.map((name) => [name, headerRef(name)])) as Record<SharedHeader, { $ref: string }>;

interface ProblemComponent {
  name: string;
  description: string;
  headers?: SharedHeader[];
  example: {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: { path: string; message: string }[];
  };
}

const problemType = (slug: string) => `https://finity.dev/problems/${slug}`;

/** One shared definition per error status, as `components.responses`; operations refer to them. */
export const PROBLEM_COMPONENTS: Record<number, ProblemComponent> = {
  400: {
    name: 'BadRequest',
    description: PROBLEM_DESCRIPTIONS[400] as string,
    example: {
      type: problemType('validation-failed'),
      title: 'Validation failed',
      status: 400,
      detail: 'The request body is not valid.',
      errors: [{ path: 'email', message: 'Invalid email address' }],
    },
  },
  401: {
    name: 'Unauthorized',
    description: PROBLEM_DESCRIPTIONS[401] as string,
    headers: ['WWW-Authenticate'],
    example: {
      type: problemType('unauthorized'),
      title: 'Unauthorized',
      status: 401,
      detail: 'A valid bearer token is required.',
    },
  },
  403: {
    name: 'Forbidden',
    description: PROBLEM_DESCRIPTIONS[403] as string,
    example: { type: problemType('forbidden'), title: 'Forbidden', status: 403, detail: 'The password is wrong.' },
  },
  404: {
    name: 'NotFound',
    description: PROBLEM_DESCRIPTIONS[404] as string,
    example: {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: 'No article with that identifier.',
    },
  },
  409: {
    name: 'Conflict',
    description: PROBLEM_DESCRIPTIONS[409] as string,
    example: { type: problemType('conflict'), title: 'Conflict', status: 409, detail: 'That slug is taken.' },
  },
  412: {
    name: 'PreconditionFailed',
    description: PROBLEM_DESCRIPTIONS[412] as string,
    example: {
      type: problemType('precondition-failed'),
      title: 'Precondition failed',
      status: 412,
      detail: 'The resource changed since it was read (If-Match does not match).',
    },
  },
  413: {
    name: 'PayloadTooLarge',
    description: PROBLEM_DESCRIPTIONS[413] as string,
    example: {
      type: problemType('payload-too-large'),
      title: 'Payload too large',
      status: 413,
      detail: 'The body is larger than 1048576 bytes.',
    },
  },
  415: {
    name: 'UnsupportedMediaType',
    description: PROBLEM_DESCRIPTIONS[415] as string,
    example: {
      type: problemType('unsupported-media-type'),
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the body as application/json.',
    },
  },
  422: {
    name: 'UnprocessableContent',
    description: PROBLEM_DESCRIPTIONS[422] as string,
    example: {
      type: problemType('unprocessable'),
      title: 'Unprocessable content',
      status: 422,
      detail: 'This Idempotency-Key was used with a different body.',
    },
  },
  429: {
    name: 'TooManyRequests',
    description: PROBLEM_DESCRIPTIONS[429] as string,
    headers: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    example: {
      type: problemType('rate-limited'),
      title: 'Too many requests',
      status: 429,
      detail: 'Too many requests; retry later.',
    },
  },
  500: {
    name: 'InternalServerError',
    description: PROBLEM_DESCRIPTIONS[500] as string,
    example: {
      type: problemType('internal'),
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred.',
    },
  },
  503: {
    name: 'ServiceUnavailable',
    description: PROBLEM_DESCRIPTIONS[503] as string,
    headers: ['Retry-After'],
    example: {
      type: problemType('unavailable'),
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is unavailable; retry shortly.',
    },
  },
};
