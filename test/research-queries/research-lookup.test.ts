import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { researchQueries } from '../../drizzle/index.ts';
import { normalizeResearchQuery } from '../../src/modules/research-queries/normalize.ts';
import { researchCacheKey } from '../../src/modules/research-queries/research-cache.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

const store = async (user: TestUser, body: { query: string; summary?: string; sources?: unknown[] }) => {
  const response = await call(ctx.current.app, 'POST', '/v1/research-queries', { token: user.token, body });
  expect(response.status).toBe(201);
  return response.body;
};
const lookup = (user: TestUser, query: string) =>
  call(ctx.current.app, 'GET', `/v1/research-queries/lookup?${new URLSearchParams({ query })}`, {
    token: user.token,
  });
const rowsOf = (user: TestUser, query: string) =>
  ctx.current.database.db
    .select()
    .from(researchQueries)
    .where(
      and(eq(researchQueries.userId, user.id), eq(researchQueries.normalizedQuery, normalizeResearchQuery(query))),
    );
const setStoredSummary = (user: TestUser, query: string, summary: string) =>
  ctx.current.database.db
    .update(researchQueries)
    .set({ summary })
    .where(
      and(eq(researchQueries.userId, user.id), eq(researchQueries.normalizedQuery, normalizeResearchQuery(query))),
    );
const emptyCache = async (user: TestUser, query: string) =>
  ctx.current.deps.cache.delete(await researchCacheKey(user.id, normalizeResearchQuery(query)));

describe('GET /v1/research-queries/lookup', () => {
  it('finds a stored result whatever the spacing and case, and records the hit as a new cached row', async () => {
    const user = await createUser(ctx.current);
    const sources = [{ title: 'Guide', url: 'https://example.com/guide', snippet: 'How to' }];
    const stored = await store(user, { query: 'Best SEO Tools', summary: 'Use three.', sources });

    const hit = await lookup(user, '  best   seo\ttools ');
    expect(hit.status).toBe(200);
    expect(hit.body).toEqual({
      id: expect.any(String),
      query: 'best   seo\ttools',
      summary: 'Use three.',
      sources,
      cached: true,
      createdAt: expect.any(String),
    });
    expect(hit.body.id).not.toBe(stored.id);

    const rows = await rowsOf(user, 'best seo tools');
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === hit.body.id)).toMatchObject({
      cached: true,
      normalizedQuery: 'best seo tools',
      summary: 'Use three.',
    });
    const again = await lookup(user, 'BEST SEO TOOLS');
    expect(again.status).toBe(200);
    expect(await rowsOf(user, 'best seo tools')).toHaveLength(3);
  });

  it('answers 404 for a query never stored, and records nothing', async () => {
    const user = await createUser(ctx.current);
    await store(user, { query: 'something else', summary: 'x' });
    const miss = await lookup(user, 'never asked');
    expect(miss.status).toBe(404);
    expect(miss.headers.get('content-type')).toBe('application/problem+json');
    expect(await rowsOf(user, 'never asked')).toEqual([]);
  });

  it('returns the latest stored result for the query', async () => {
    const user = await createUser(ctx.current);
    await store(user, { query: 'Rust vs Go', summary: 'first' });
    // created_at has millisecond precision: keep the two rows apart in time.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store(user, { query: 'rust VS go', summary: 'second' });
    const hit = await lookup(user, 'Rust vs Go');
    expect(hit.body.summary).toBe('second');
    await emptyCache(user, 'rust vs go');
    expect((await lookup(user, 'Rust vs Go')).body.summary).toBe('second');
  });

  it('answers from the cache when warm and from the database when cold', async () => {
    const user = await createUser(ctx.current);
    await store(user, { query: 'Edge caching', summary: 'v1' });

    // Warm: a change made behind the API's back is not seen, so the answer came from the cache.
    await setStoredSummary(user, 'edge caching', 'v2');
    expect((await lookup(user, 'edge caching')).body.summary).toBe('v1');

    // Cold: the database answers, and fills the cache again.
    await emptyCache(user, 'edge caching');
    await setStoredSummary(user, 'edge caching', 'v3');
    const cold = await lookup(user, 'edge caching');
    expect(cold.status).toBe(200);
    expect(cold.body).toMatchObject({ summary: 'v3', cached: true });
    await setStoredSummary(user, 'edge caching', 'v4');
    expect((await lookup(user, 'edge caching')).body.summary).toBe('v3');
  });

  it('falls back to the database when the cache holds nothing at all', async () => {
    const user = await createUser(ctx.current);
    await ctx.current.database.db.insert(researchQueries).values({
      userId: user.id,
      query: 'Inserted Directly',
      normalizedQuery: normalizeResearchQuery('Inserted Directly'),
      summary: 'from the database',
    });
    const hit = await lookup(user, 'inserted directly');
    expect(hit.status).toBe(200);
    expect(hit.body.summary).toBe('from the database');
  });

  it('sees a newer result stored after the cache was warmed', async () => {
    const user = await createUser(ctx.current);
    await store(user, { query: 'Serverless', summary: 'old' });
    expect((await lookup(user, 'serverless')).body.summary).toBe('old');
    await store(user, { query: 'SERVERLESS', summary: 'new' });
    expect((await lookup(user, 'serverless')).body.summary).toBe('new');
  });

  it('forgets a deleted result instead of answering it from the cache', async () => {
    const user = await createUser(ctx.current);
    const older = await store(user, { query: 'Deleted topic', summary: 'older' });
    const newer = await store(user, { query: 'deleted topic', summary: 'newer' });
    expect((await lookup(user, 'deleted topic')).body.summary).toBe('newer');

    // Delete every row holding "newer": the original and the hit just recorded.
    const rows = await rowsOf(user, 'deleted topic');
    for (const row of rows.filter((candidate) => candidate.summary === 'newer')) {
      const response = await call(ctx.current.app, 'DELETE', `/v1/research-queries/${row.id}`, { token: user.token });
      expect(response.status).toBe(204);
    }
    expect(rows.map((row) => row.id)).toContain(newer.id);
    expect((await lookup(user, 'deleted topic')).body.summary).toBe('older');

    for (const row of await rowsOf(user, 'deleted topic')) {
      await call(ctx.current.app, 'DELETE', `/v1/research-queries/${row.id}`, { token: user.token });
    }
    expect((await rowsOf(user, 'deleted topic')).map((row) => row.id)).not.toContain(older.id);
    expect((await lookup(user, 'deleted topic')).status).toBe(404);
  });

  it('never returns another user’s result, warm or cold', async () => {
    const owner = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    await store(owner, { query: 'Private research', summary: 'owner only' });
    expect((await lookup(owner, 'private research')).status).toBe(200);

    const miss = await lookup(other, 'private research');
    expect(miss.status).toBe(404);
    await emptyCache(owner, 'private research');
    expect((await lookup(other, 'Private Research')).status).toBe(404);
    expect(await rowsOf(other, 'private research')).toEqual([]);

    await store(other, { query: 'private research', summary: 'other only' });
    expect((await lookup(other, 'private research')).body.summary).toBe('other only');
    expect((await lookup(owner, 'private research')).body.summary).toBe('owner only');
  });

  it('is not captured by the /{id} route: a missing or blank query is 400 naming query', async () => {
    const user = await createUser(ctx.current);
    for (const path of [
      '/v1/research-queries/lookup',
      '/v1/research-queries/lookup?query=',
      '/v1/research-queries/lookup?query=%20%20',
    ]) {
      const response = await call(ctx.current.app, 'GET', path, { token: user.token });
      expect(response.status, path).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['query']);
    }
    const tooLong = await lookup(user, 'q'.repeat(2001));
    expect(tooLong.status).toBe(400);
  });

  it('is declared in the OpenAPI document before the /{id} route', async () => {
    const spec = await call(ctx.current.app, 'GET', '/openapi.json');
    expect(spec.body.paths['/v1/research-queries/lookup'].get.operationId).toBe('lookupResearchQuery');
    expect(spec.body.paths['/v1/research-queries/{id}'].get.operationId).toBe('getResearchQuery');
  });
});
