import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../scripts/openapi-document.ts';
import { useTestContext } from '../helpers/context.ts';
import { loadContract } from '../helpers/contract.ts';
import { call } from '../helpers/http.ts';

type Json = Record<string, any>;
const ctx = useTestContext();
const document: Json = JSON.parse(await renderOpenApiDocument());

/** Every operation of API.md, as `METHOD template`. */
const API_MD_OPERATIONS = [
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  'GET /docs',
  'POST /v1/auth/register',
  'POST /v1/auth/verify-email',
  'GET /v1/auth/verify-email',
  'POST /v1/auth/resend-verification',
  'POST /v1/auth/login',
  'POST /v1/auth/logout',
  'POST /v1/auth/change-password',
  'GET /v1/me',
  'PATCH /v1/me',
  'DELETE /v1/me',
  'GET /v1/settings',
  'PATCH /v1/settings',
  'GET /v1/api-keys',
  'PUT /v1/api-keys/{provider}',
  'PATCH /v1/api-keys/{provider}',
  'DELETE /v1/api-keys/{provider}',
  'POST /v1/articles',
  'GET /v1/articles',
  'GET /v1/articles/{id}',
  'PATCH /v1/articles/{id}',
  'DELETE /v1/articles/{id}',
  'GET /v1/public/articles',
  'GET /v1/public/articles/{slug}',
  'POST /v1/drafts',
  'GET /v1/drafts',
  'GET /v1/drafts/{id}',
  'PATCH /v1/drafts/{id}',
  'DELETE /v1/drafts/{id}',
  'POST /v1/drafts/{id}/publish',
  'POST /v1/media-assets',
  'GET /v1/media-assets',
  'GET /v1/media-assets/{id}',
  'PATCH /v1/media-assets/{id}',
  'DELETE /v1/media-assets/{id}',
  'POST /v1/research-queries',
  'GET /v1/research-queries',
  'GET /v1/research-queries/{id}',
  'DELETE /v1/research-queries/{id}',
  'GET /v1/research-queries/lookup',
];

const operations = Object.entries<Json>(document.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    method,
    path,
    operation,
  })),
);
const resolve = (value: Json): Json => {
  if (!value.$ref) return value;
  const [, , kind, name] = String(value.$ref).split('/');
  return document.components[kind as string][name as string];
};
const isProtected = (operation: Json) => operation.security.some((requirement: Json) => 'bearerAuth' in requirement);

describe('the OpenAPI document', () => {
  it('holds every operation of API.md and nothing else', () => {
    expect(operations.map((entry) => entry.key).sort()).toEqual([...API_MD_OPERATIONS].sort());
  });

  it('names each operation once, with tags and a summary, and states its security', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, operation } of operations) {
      expect(operation.operationId, key).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.tags?.length, key).toBeGreaterThan(0);
      expect(operation.summary, key).toBeTruthy();
      expect(Array.isArray(operation.security), key).toBe(true);
    }
  });

  it('puts bearerAuth on every /v1 operation but the public and account-entry ones', () => {
    const open = operations.filter(({ operation }) => !isProtected(operation)).map((entry) => entry.key);
    expect(open.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /openapi.json',
        'GET /docs',
        'POST /v1/auth/register',
        'POST /v1/auth/verify-email',
        'GET /v1/auth/verify-email',
        'POST /v1/auth/resend-verification',
        'POST /v1/auth/login',
        'GET /v1/public/articles',
        'GET /v1/public/articles/{slug}',
      ].sort(),
    );
  });

  it('declares the statuses the app-wide middleware can answer on every operation', () => {
    for (const { key, method, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses, key).toEqual(expect.arrayContaining(['500', '503']));
      if (isProtected(operation)) expect(statuses, key).toContain('401');
      if (['post', 'put', 'patch', 'delete'].includes(method)) {
        expect(statuses, key).toEqual(expect.arrayContaining(['400', '413', '415']));
      }
      if ((operation.parameters ?? []).length > 0) expect(statuses, key).toContain('400');
    }
  });

  it('defines each error response once and refers to it', () => {
    expect(Object.keys(document.components.responses)).toEqual(
      expect.arrayContaining(['BadRequest', 'Unauthorized', 'NotFound', 'TooManyRequests', 'InternalServerError']),
    );
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const definition = resolve(response);
        if (definition.content?.['application/problem+json'] && Object.keys(definition.content).length === 1) {
          expect(response.$ref, `${key} ${status}`).toMatch(/^#\/components\/responses\//);
        }
      }
    }
  });

  it('declares X-Request-Id on every response, WWW-Authenticate on 401 and the rate-limit headers on 429', () => {
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        const headers = resolve(response).headers ?? {};
        expect(headers['X-Request-Id'], `${key} ${status}`).toEqual({ $ref: '#/components/headers/X-Request-Id' });
        if (status === '401') expect(Object.keys(headers), key).toContain('WWW-Authenticate');
        if (status === '429') {
          expect(Object.keys(headers), key).toEqual(
            expect.arrayContaining(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
          );
        }
      }
    }
    const rateLimited = operations.filter(({ operation }) => operation.responses['429']).map((entry) => entry.key);
    expect(rateLimited).toEqual(expect.arrayContaining(['POST /v1/auth/login', 'POST /v1/auth/register']));
  });

  it('declares Idempotency-Key on every POST create and If-Match on article and draft updates', () => {
    const headerParams = (key: string) =>
      (operations.find((entry) => entry.key === key)?.operation.parameters ?? [])
        .filter((parameter: Json) => parameter.in === 'header')
        .map((parameter: Json) => parameter.name);
    for (const key of ['POST /v1/articles', 'POST /v1/drafts', 'POST /v1/media-assets', 'POST /v1/research-queries']) {
      expect(headerParams(key), key).toContain('Idempotency-Key');
    }
    for (const key of ['PATCH /v1/articles/{id}', 'PATCH /v1/drafts/{id}'])
      expect(headerParams(key), key).toContain('If-Match');
  });

  it('declares an ETag on reads and writes of articles and drafts', () => {
    for (const key of [
      'GET /v1/articles/{id}',
      'PATCH /v1/articles/{id}',
      'GET /v1/drafts/{id}',
      'PATCH /v1/drafts/{id}',
    ]) {
      const entry = operations.find((candidate) => candidate.key === key);
      expect(entry?.operation.responses['200'].headers.ETag, key).toEqual({ $ref: '#/components/headers/ETag' });
    }
  });

  it('gives every named schema and error response an example that fits its schema', async () => {
    const contract = await loadContract();
    const schemas = Object.entries<Json>(document.components.schemas).filter(([name]) => name !== 'OpenApiDocument');
    for (const [name, schema] of schemas) {
      const examples = schema.examples ?? (schema.example === undefined ? [] : [schema.example]);
      expect(examples.length, `${name} has no example`).toBeGreaterThan(0);
      for (const example of examples) {
        expect(contract.schemaErrors({ $ref: `#/components/schemas/${name}` }, example, name)).toEqual([]);
      }
    }
    for (const [name, response] of Object.entries<Json>(document.components.responses)) {
      const media = response.content['application/problem+json'];
      expect(contract.schemaErrors(media.schema, media.example, name)).toEqual([]);
    }
  });

  it('is served at /openapi.json byte for byte as `npm run openapi` writes it', async () => {
    const served = await call(ctx.current.app, 'GET', '/openapi.json');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('application/json');
    expect(served.text).toBe(await renderOpenApiDocument());
    expect(served.text.endsWith('}\n')).toBe(true);
  });
});
