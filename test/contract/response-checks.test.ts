import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/http/env.ts';
import { useTestContext } from '../helpers/context.ts';
import { loadContract } from '../helpers/contract.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();
const contract = await loadContract();

const headers = (entries: Record<string, string> = {}) => new Headers({ 'x-request-id': 'req-1', ...entries });
const json = (body: unknown) => JSON.stringify(body);
const problem = (status: number) => json({ type: 'https://finity.dev/problems/x', title: 'X', status });
const DRAFT = {
  id: '0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10',
  title: 'T',
  config: {},
  metadata: null,
  sections: [{ content: 'c' }],
  ctaContent: null,
  autosave: true,
  version: 1,
  createdAt: '2026-01-15T10:00:00.000Z',
  updatedAt: '2026-01-15T10:00:00.000Z',
};
const DRAFT_PATH = `/v1/drafts/${DRAFT.id}`;

describe('the response checker', () => {
  it('accepts a response exactly as declared', () => {
    const response = {
      status: 200,
      headers: headers({ 'content-type': 'application/json', etag: '"1"' }),
      text: json(DRAFT),
    };
    expect(contract.check('GET', DRAFT_PATH, response)).toEqual([]);
  });

  it('finds the operation by method and path template, literal segments first', () => {
    expect(contract.find('GET', '/v1/research-queries/lookup?query=x')?.template).toBe('/v1/research-queries/lookup');
    expect(contract.find('GET', `/v1/research-queries/${DRAFT.id}`)?.template).toBe('/v1/research-queries/{id}');
    expect(contract.find('PUT', DRAFT_PATH)).toBeUndefined();
  });

  it('names an undeclared status', () => {
    const response = {
      status: 418,
      headers: headers({ 'content-type': 'application/problem+json' }),
      text: problem(418),
    };
    expect(contract.check('GET', DRAFT_PATH, response)).toEqual([expect.stringMatching(/status 418 is not declared/)]);
  });

  it('names each body field that breaks the schema', () => {
    const text = json({ ...DRAFT, version: 'one', createdAt: 'yesterday' });
    const response = { status: 200, headers: headers({ 'content-type': 'application/json', etag: '"1"' }), text };
    const problems = contract.check('GET', DRAFT_PATH, response);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('body/version'), expect.stringContaining('body/createdAt')]),
    );
  });

  it('names a required header that is missing or malformed', () => {
    const missing = { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: json(DRAFT) };
    expect(contract.check('GET', DRAFT_PATH, missing)).toEqual([
      'header X-Request-Id is required but missing',
      'header ETag is required but missing',
    ]);
    const limited = {
      status: 429,
      headers: headers({ 'content-type': 'application/problem+json', 'retry-after': 'soon' }),
      text: problem(429),
    };
    const problems = contract.check('POST', '/v1/auth/login', limited);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Retry-After must be integer'),
        'header RateLimit-Limit is required but missing',
      ]),
    );
  });

  it('names a content type or a body that is not declared', () => {
    const wrongType = { status: 200, headers: headers({ 'content-type': 'text/plain', etag: '"1"' }), text: 'hi' };
    expect(contract.check('GET', DRAFT_PATH, wrongType)).toEqual([expect.stringMatching(/content type text\/plain/)]);
    const bodyOn204 = { status: 204, headers: headers({ 'content-type': 'application/json' }), text: '{}' };
    expect(contract.check('DELETE', DRAFT_PATH, bodyOn204)).toEqual([expect.stringMatching(/no body is declared/)]);
  });

  it('lets an undeclared route answer only the app-wide problem responses', () => {
    const notFound = {
      status: 404,
      headers: headers({ 'content-type': 'application/problem+json' }),
      text: problem(404),
    };
    expect(contract.check('GET', '/v1/nowhere', notFound)).toEqual([]);
    const ok = { status: 200, headers: headers({ 'content-type': 'application/json' }), text: '{}' };
    expect(contract.check('GET', '/v1/nowhere', ok)).toEqual([expect.stringMatching(/no operation is declared/)]);
  });

  it('fails the call() that got a mismatching response, unless the test opts out', async () => {
    const extra = createRouter();
    extra.get('/v1/undeclared', (c) => c.json({ hello: 'world' }));
    ctx.current.app.route('/', extra);
    await expect(call(ctx.current.app, 'GET', '/v1/undeclared')).rejects.toThrow(
      /GET \/v1\/undeclared → 200 breaks the OpenAPI contract/,
    );
    const unchecked = await call(ctx.current.app, 'GET', '/v1/undeclared', { contract: false });
    expect(unchecked.body).toEqual({ hello: 'world' });
  });
});

describe('responses sent through their declared schema', () => {
  const Account = z
    .object({ id: z.string(), email: z.string(), createdAt: z.iso.datetime() })
    .openapi('LeakTestAccount');
  const leakyRoute = createRoute({
    method: 'get',
    path: '/leak-test/{kind}',
    operationId: 'leakTest',
    responses: { 200: { description: 'An account', content: { 'application/json': { schema: Account } } } },
  });

  function leakyApp() {
    const router = createRouter();
    router.openapi(leakyRoute, (c) => {
      const row = { id: 'u1', email: 'a@example.test', createdAt: new Date('2026-01-15T10:00:00Z') };
      const leaky = { ...row, passwordHash: '$argon2id$v=19$secret', emailToken: 'tok_secret' };
      if (c.req.param('kind') === 'broken') return c.json({ id: 'u1', passwordHash: 'x' } as any, 200);
      return c.json(leaky as any, 200);
    });
    return router;
  }

  it('strips a field the schema does not declare (a password hash, a token)', async () => {
    const response = await leakyApp().request('/leak-test/row');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ id: 'u1', email: 'a@example.test', createdAt: '2026-01-15T10:00:00.000Z' });
    expect(JSON.stringify(body)).not.toMatch(/argon2id|tok_secret|passwordHash/);
  });

  it('refuses a body missing a declared field rather than send it, without echoing values', async () => {
    const app = leakyApp();
    let message = '';
    app.onError((error, c) => {
      message = error.message;
      return c.text('fault', 500);
    });
    const response = await app.request('/leak-test/broken');
    expect(response.status).toBe(500);
    expect(message).toMatch(/response 200 does not match its schema: email/);
    expect(message).not.toContain('passwordHash');
  });

  it('strips what a real route would leak: GET /v1/me answers only the declared user fields', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'GET', '/v1/me', { token: user.token });
    expect(Object.keys(response.body).sort()).toEqual([
      'createdAt',
      'email',
      'emailVerified',
      'id',
      'name',
      'updatedAt',
    ]);
  });
});
