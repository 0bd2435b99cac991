import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { researchQueries } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);
const sources = [
  { title: 'Search Central', url: 'https://developers.google.com/search', snippet: 'Crawling and indexing' },
  { title: 'Web.dev', url: 'https://web.dev/vitals', snippet: 'Core Web Vitals', rank: 2 },
];

describe('POST /v1/research-queries', () => {
  it('stores a query with its result, normalised key included, and reads it back', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      body: { query: '  Technical   SEO in 2026 ', summary: 'Focus on speed.', sources },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      query: 'Technical   SEO in 2026',
      summary: 'Focus on speed.',
      sources,
      cached: false,
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(created.headers.get('location')).toBe(`/v1/research-queries/${created.body.id}`);
    const [row] = await ctx.current.database.db
      .select()
      .from(researchQueries)
      .where(eq(researchQueries.id, created.body.id));
    expect(row?.normalizedQuery).toBe('technical seo in 2026');
    expect(row?.userId).toBe(user.id);

    const read = await call(ctx.current.app, 'GET', `/v1/research-queries/${created.body.id}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('stores a bare query with null summary and sources', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      body: { query: 'only the question' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ summary: null, sources: null, cached: false });
  });

  it.each([
    ['a blank query', { query: '   ' }, ['query']],
    ['a missing query', { summary: 'x' }, ['query']],
    ['an over-long query', { query: 'q'.repeat(2001) }, ['query']],
    ['unknown fields', { query: 'x', cached: true, normalizedQuery: 'y' }, ['cached', 'normalizedQuery']],
    ['sources that are not an array', { query: 'x', sources: { title: 'a' } }, ['sources']],
    ['a source that is not an object', { query: 'x', sources: ['https://a.example'] }, ['sources.0']],
    ['a source with a script URL', { query: 'x', sources: [{}, { url: 'javascript:alert(1)' }] }, ['sources.1.url']],
    ['a source with a non-string title', { query: 'x', sources: [{ title: 42 }] }, ['sources.0.title']],
    ['too many sources', { query: 'x', sources: Array.from({ length: 51 }, () => ({ title: 't' })) }, ['sources']],
    ['an oversized source', { query: 'x', sources: [{ snippet: 'x', extra: 'y'.repeat(9000) }] }, ['sources.0']],
    [
      'oversized sources in total',
      { query: 'x', sources: Array.from({ length: 20 }, () => ({ snippet: 's'.repeat(4000) })) },
      ['sources'],
    ],
    ['an over-long summary', { query: 'x', summary: 's'.repeat(50_001) }, ['summary']],
  ])('answers 400 for %s, naming the field', async (_, body, paths) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/research-queries', { token: user.token, body });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body).sort()).toEqual(paths);
    const rows = await ctx.current.database.db
      .select()
      .from(researchQueries)
      .where(eq(researchQueries.userId, user.id));
    expect(rows).toEqual([]);
  });

  it('answers 400 (never 500) for text PostgreSQL cannot store, in the body and in the query string', async () => {
    const user = await createUser(ctx.current);
    const body = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      body: { query: 'nul\u0000inside', sources: [{ title: '\ud800' }] },
    });
    expect(body.status).toBe(400);
    const lookup = await call(ctx.current.app, 'GET', '/v1/research-queries/lookup?query=a%00b', { token: user.token });
    expect(lookup.status).toBe(400);
    const list = await call(ctx.current.app, 'GET', '/v1/research-queries?q=a%00b', { token: user.token });
    expect(list.status).toBe(400);
  });

  it('answers 401 on every route without a valid token', async () => {
    const id = crypto.randomUUID();
    for (const [method, path] of [
      ['POST', '/v1/research-queries'],
      ['GET', '/v1/research-queries'],
      ['GET', '/v1/research-queries/lookup?query=x'],
      ['GET', `/v1/research-queries/${id}`],
      ['DELETE', `/v1/research-queries/${id}`],
    ] as const) {
      const body = method === 'POST' ? { query: 'x' } : undefined;
      const response = await call(ctx.current.app, method, path, { body });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('replays a create sent again with the same Idempotency-Key and stores one row', async () => {
    const user = await createUser(ctx.current);
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const body = { query: 'idempotent research', summary: 'once' };
    const first = await call(ctx.current.app, 'POST', '/v1/research-queries', { token: user.token, headers, body });
    const again = await call(ctx.current.app, 'POST', '/v1/research-queries', { token: user.token, headers, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const changed = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      headers,
      body: { ...body, summary: 'twice' },
    });
    expect(changed.status).toBe(422);
    const rows = await ctx.current.database.db
      .select()
      .from(researchQueries)
      .where(eq(researchQueries.userId, user.id));
    expect(rows).toHaveLength(1);
  });
});

describe('concurrent creates with one Idempotency-Key', () => {
  it('store one row', async () => {
    const user = await createUser(ctx.current);
    const headers = { 'idempotency-key': `race-${crypto.randomUUID()}` };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(ctx.current.app, 'POST', '/v1/research-queries', {
          token: user.token,
          headers,
          body: { query: 'raced query' },
        }),
      ),
    );
    expect(responses.every((response) => response.status === 201 || response.status === 409)).toBe(true);
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const rows = await ctx.current.database.db
      .select()
      .from(researchQueries)
      .where(eq(researchQueries.userId, user.id));
    expect(rows).toHaveLength(1);
  });
});

describe('GET and DELETE /v1/research-queries/{id}', () => {
  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const user = await createUser(ctx.current);
    const bad = await call(ctx.current.app, 'GET', '/v1/research-queries/12345', { token: user.token });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad.body)).toEqual(['id']);
    const badDelete = await call(ctx.current.app, 'DELETE', '/v1/research-queries/12345', { token: user.token });
    expect(badDelete.status).toBe(400);
    const unknown = await call(ctx.current.app, 'GET', `/v1/research-queries/${crypto.randomUUID()}`, {
      token: user.token,
    });
    expect(unknown.status).toBe(404);
  });

  it('deletes a row: 204, then 404', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      body: { query: 'to be deleted' },
    });
    const path = `/v1/research-queries/${created.body.id}`;
    const deleted = await call(ctx.current.app, 'DELETE', path, { token: user.token });
    expect(deleted.status).toBe(204);
    expect((await call(ctx.current.app, 'GET', path, { token: user.token })).status).toBe(404);
    expect((await call(ctx.current.app, 'DELETE', path, { token: user.token })).status).toBe(404);
  });
});

describe('long queries', () => {
  // The normalised query is a key of a btree index, whose entries hold at most ~2.7 KB: 2,000
  // characters of 3- or 4-byte text (or text NFKC expands) failed the insert with a 500.
  const randomText = (length: number, from: number, span: number) =>
    Array.from({ length }, () => String.fromCodePoint(from + Math.floor(Math.random() * span))).join('');

  it.each([
    ['2,000 CJK characters', randomText(2000, 0x4e00, 20_000)],
    ['2,000 emoji', randomText(2000, 0x1f600, 80)],
    ['200 ligatures that NFKC expands 18-fold', '\ufdfa'.repeat(200)],
  ])('answers 400 naming query for %s, and stores nothing', async (_, query) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token: user.token,
      body: { query },
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body)).toEqual(['query']);
    const rows = await ctx.current.database.db
      .select({ id: researchQueries.id })
      .from(researchQueries)
      .where(eq(researchQueries.userId, user.id));
    expect(rows).toHaveLength(0);
  });

  it('stores a long query that fits, and finds it by lookup', async () => {
    const user = await createUser(ctx.current);
    const query = randomText(600, 0x4e00, 20_000);
    const created = await call(ctx.current.app, 'POST', '/v1/research-queries', { token: user.token, body: { query } });
    expect(created.status).toBe(201);
    const hit = await call(ctx.current.app, 'GET', `/v1/research-queries/lookup?query=${encodeURIComponent(query)}`, {
      token: user.token,
    });
    expect(hit.status).toBe(200);
    expect(hit.body.cached).toBe(true);
  });
});
