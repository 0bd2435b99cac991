import { describe, expect, it } from 'vitest';
import { toUserResponse } from '../../src/modules/auth/auth.presenter.ts';
import { UserResponse } from '../../src/modules/auth/auth.schemas.ts';
import { createRouter } from '../../src/router.ts';
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

// Responses are not checked against their schemas at run time: each resource's presenter is the one
// place that picks the fields a response shows, typed by its schema, and every call() in the suite
// checks the answer against the document (docs/architecture.md says why).
describe('presenters pick the declared fields', () => {
  it('shows no column a row carries beyond the response schema (a password hash, a token)', () => {
    const row = {
      id: '0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10',
      email: 'a@example.test',
      name: null,
      emailVerified: true,
      passwordHash: '$argon2id$v=19$secret',
      emailToken: 'tok_secret',
      emailTokenExpiresAt: null,
      tokenVersion: 3,
      createdAt: new Date('2026-01-15T10:00:00Z'),
      updatedAt: new Date('2026-01-15T10:00:00Z'),
    };
    const response = toUserResponse(row);
    expect(UserResponse.strict().safeParse(response).success).toBe(true);
    expect(JSON.stringify(response)).not.toMatch(/argon2id|tok_secret|tokenVersion/);
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
