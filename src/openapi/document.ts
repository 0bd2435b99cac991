import { HEADER_COMPONENTS, PROBLEM_COMPONENTS, type SharedHeader } from './components.ts';
import { SCHEMA_EXAMPLES } from './examples.ts';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** Every request of these methods passes the body checks (size, media type, JSON), body declared or not. */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';
const SHARED_HEADERS = new Map(
  Object.keys(HEADER_COMPONENTS).map((name) => [name.toLowerCase(), name as SharedHeader]),
);

const responseRef = (status: number) => `#/components/responses/${PROBLEM_COMPONENTS[status]?.name}`;

function problemComponent(status: number): Json {
  const { description, headers = [], example } = PROBLEM_COMPONENTS[status] ?? {};
  return {
    description,
    headers: Object.fromEntries(
      ['X-Request-Id', ...headers].map((name) => [name, { $ref: `#/components/headers/${name}` }]),
    ),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF }, example } },
  };
}

/**
 * Statuses every operation can answer through the app-wide middleware, beyond those its route lists:
 * 500 on a fault, 503 on the request timeout or a database outage, 400/413/415 from the body checks
 * that run on every request of a body method, 400 on invalid parameters, 401 behind auth.
 */
function impliedStatuses(method: string, operation: Json): number[] {
  const statuses = [500, 503];
  if (BODY_METHODS.has(method)) statuses.push(400, 413, 415);
  if ((operation.parameters ?? []).length > 0) statuses.push(400);
  if ((operation.security ?? []).some((requirement: Json) => Object.keys(requirement).length > 0)) statuses.push(401);
  return statuses;
}

function isPlainProblem(response: Json): boolean {
  const content = response.content ?? {};
  const types = Object.keys(content);
  return (
    types.length === 1 &&
    types[0] === PROBLEM_MEDIA_TYPE &&
    content[PROBLEM_MEDIA_TYPE].schema?.$ref === PROBLEM_SCHEMA_REF
  );
}

/** Shared headers written inline by a route become references, so each is defined once. */
function withSharedHeaders(response: Json): Json {
  const headers: Json = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
  for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
    const shared = SHARED_HEADERS.get(name.toLowerCase());
    if (shared === 'X-Request-Id') continue;
    headers[shared ?? name] = shared ? { $ref: `#/components/headers/${shared}` } : header;
  }
  return { ...response, headers };
}

function finalizeResponse(status: number, response: Json): Json {
  if (response.$ref) return response;
  if (PROBLEM_COMPONENTS[status] && isPlainProblem(response)) {
    const ref: Json = { $ref: responseRef(status) };
    // OpenAPI 3.1 lets a reference override the description: a route's own wording is kept.
    if (response.description && response.description !== PROBLEM_COMPONENTS[status]?.description) {
      ref.description = response.description;
    }
    return ref;
  }
  return withSharedHeaders(response);
}

function finalizeOperation(method: string, operation: Json): Json {
  const responses: Json = { ...operation.responses };
  for (const status of impliedStatuses(method, operation)) {
    const existing = responses[status];
    if (!existing) responses[status] = { $ref: responseRef(status) };
    else if (!existing.$ref && !existing.content?.[PROBLEM_MEDIA_TYPE]) {
      // A status the route answers with its own body (/readyz's 503) can also come as a problem.
      const content = { ...existing.content, [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF } } };
      responses[status] = { ...existing, content };
    }
  }
  const sorted = Object.keys(responses).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  return {
    ...operation,
    // An operation without a requirement is public on purpose: say so rather than leave it implicit.
    security: operation.security ?? [],
    responses: Object.fromEntries(
      sorted.map((status) => [status, finalizeResponse(Number(status), responses[status])]),
    ),
  };
}

/**
 * `additionalProperties: {}` (what zod gives a record of unknown) means the same as `true`, but
 * some consumers (Scalar's document store) reject the empty schema: say it the plain way.
 */
function plainAdditionalProperties<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainAdditionalProperties) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === 'additionalProperties' && inner && typeof inner === 'object' && Object.keys(inner).length === 0
        ? [key, true]
        : [key, plainAdditionalProperties(inner)],
    ),
  ) as T;
}

/**
 * What @hono/zod-openapi cannot say per route: the shared error responses and headers as components,
 * the statuses every route can answer through the app-wide middleware (401 behind auth, 400/413/415
 * on bodies, 500, 503), and `X-Request-Id` on every response. Pure and deterministic: the served
 * /openapi.json and the committed openapi.json are both this function's output.
 */
export function finalizeDocument(generated: Json): Json {
  const document = plainAdditionalProperties(generated);
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    paths[path] = Object.fromEntries(
      Object.entries<Json>(item).map(([key, value]) =>
        METHODS.includes(key) ? [key, finalizeOperation(key, value)] : [key, value],
      ),
    );
  }
  const statuses = Object.keys(PROBLEM_COMPONENTS).map(Number);
  const components = document.components ?? {};
  const schemas = Object.fromEntries(
    Object.entries<Json>(components.schemas ?? {}).map(([name, schema]) => {
      const example = SCHEMA_EXAMPLES[name];
      const hasOwn = schema.example !== undefined || schema.examples !== undefined;
      return [name, example === undefined || hasOwn ? schema : { ...schema, examples: [example] }];
    }),
  );
  return {
    ...document,
    // Relative: the document describes whichever host serves it.
    servers: document.servers ?? [{ url: '/', description: 'The host serving this document' }],
    paths,
    components: {
      ...components,
      schemas,
      responses: {
        ...components.responses,
        ...Object.fromEntries(statuses.map((status) => [PROBLEM_COMPONENTS[status]?.name, problemComponent(status)])),
      },
      headers: { ...components.headers, ...HEADER_COMPONENTS },
    },
  };
}
