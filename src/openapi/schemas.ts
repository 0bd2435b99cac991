import { z } from '@hono/zod-openapi';
import { PROBLEM_DESCRIPTIONS } from './components.ts';

export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ example: 'sections.0.content' }),
    message: z.string(),
  })
  .openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'https://finity.dev/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Problem responses for the given statuses, for a route's `responses`. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTIONS[status] ?? 'Error', content: problemContent },
    ]),
  ) as Record<S, { description: string; content: typeof problemContent }>;
}

export const IdParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10' }),
});

export const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces')
    .optional()
    .openapi({
      param: { in: 'header' },
      description: 'Retrying with the same key and body within 24 h replays the first response',
    }),
});

export const IfNoneMatchHeaders = z.object({
  'If-None-Match': z
    .string()
    .max(1024)
    .optional()
    .openapi({ param: { in: 'header' }, description: 'ETag held by the client; 304 if current' }),
});

export const IfMatchHeaders = z.object({
  'If-Match': z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { in: 'header' }, description: 'ETag of the version this change is based on' }),
});

/** JSON bodies are always required: a missing body is validated (and named) rather than skipped. */
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export { headerRef, responseHeaders, type SharedHeader } from './components.ts';

/** An ETag response header (written as a reference to the shared `ETag` header component). */
export const etagHeader = {
  ETag: { schema: { type: 'string' as const }, description: 'The row version, `"<version>"`' },
};

/** A JSON response that carries the row's ETag. */
export const jsonContentWithEtag = <T extends z.ZodType>(schema: T, description: string) => ({
  ...jsonContent(schema, description),
  headers: etagHeader,
});

const integerHeader = (description: string) => ({ schema: { type: 'integer' as const, minimum: 0 }, description });

/** OpenAPI declarations of the `RateLimit-*` headers, for the answers of limited endpoints. */
export const rateLimitHeaderSpecs = {
  'RateLimit-Limit': integerHeader('Requests (or failed attempts) allowed in the window'),
  'RateLimit-Remaining': integerHeader('What is left of them in the current window'),
  'RateLimit-Reset': integerHeader('Seconds until the window resets'),
};

/** The 429 answer of a limited endpoint, with `Retry-After` and the `RateLimit-*` headers. */
export const rateLimitedResponse = {
  429: {
    description: 'Rate limited; retry after `Retry-After` seconds',
    headers: { 'Retry-After': integerHeader('Seconds to wait before retrying'), ...rateLimitHeaderSpecs },
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
};
