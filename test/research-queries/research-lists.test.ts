import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { researchQueries } from '../../drizzle/index.ts';
import { normalizeResearchQuery } from '../../src/modules/research-queries/normalize.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

const store = async (user: TestUser, query: string, summary?: string) => {
  const response = await call(ctx.current.app, 'POST', '/v1/research-queries', {
    token: user.token,
    body: { query, summary },
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; query: string };
};

async function walk(user: TestUser, query: Record<string, string>, limit: number, between?: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams({ ...query, limit: String(limit) });
    if (cursor) params.set('cursor', cursor);
    const page = await call(ctx.current.app, 'GET', `/v1/research-queries?${params}`, { token: user.token });
    expect(page.status).toBe(200);
    seen.push(...page.body.data.map((row: { id: string }) => row.id));
    cursor = page.body.nextCursor;
    pages += 1;
    if (between) await between();
  } while (cursor && pages < 100);
  return seen;
}

describe('GET /v1/research-queries', () => {
  it('filters by a case-insensitive substring, with % and _ matching only themselves', async () => {
    const user = await createUser(ctx.current);
    const rows = {
      percent: await store(user, '100% Organic Growth'),
      plain: await store(user, '100 percent organic'),
      snake: await store(user, 'snake_case naming'),
      notSnake: await store(user, 'SnakeXCase naming'),
      spaced: await store(user, 'Content   Marketing  Funnels'),
    };
    const filter = async (q: string) => {
      const response = await call(ctx.current.app, 'GET', `/v1/research-queries?${new URLSearchParams({ q })}`, {
        token: user.token,
      });
      expect(response.status).toBe(200);
      return response.body.data.map((row: { id: string }) => row.id).sort();
    };
    expect(await filter('%')).toEqual([rows.percent.id]);
    expect(await filter('_')).toEqual([rows.snake.id]);
    expect(await filter('E_C')).toEqual([rows.snake.id]);
    expect(await filter('ORGANIC')).toEqual([rows.percent.id, rows.plain.id].sort());
    expect(await filter('marketing funnels')).toEqual([rows.spaced.id]);
    expect(await filter('\\')).toEqual([]);
    expect(await filter('nothing like it')).toEqual([]);
  });

  it('walks every row exactly once, ties included, while rows are inserted between pages', async () => {
    const user = await createUser(ctx.current);
    const stamps = ['2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z'];
    const seeded = await ctx.current.database.db
      .insert(researchQueries)
      .values(
        Array.from({ length: 17 }, (_, index) => {
          const query = index % 2 === 0 ? `Topic alpha ${index}` : `Topic beta ${index}`;
          return {
            userId: user.id,
            query,
            normalizedQuery: normalizeResearchQuery(query),
            createdAt: new Date(stamps[index % 2] as string),
          };
        }),
      )
      .returning({ id: researchQueries.id, query: researchQueries.query });
    let inserted = 0;
    const insertOne = async () => {
      await store(user, 'Topic alpha, inserted while walking');
      inserted += 1;
    };

    const all = await walk(user, {}, 3, insertOne);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual(seeded.map((row) => row.id).sort());

    // Rows inserted during the first walk are older than the second walk's start: it sees them once.
    const insertedBefore = inserted;
    const alpha = await walk(user, { q: 'alpha' }, 2, insertOne);
    const seededAlpha = seeded.filter((row) => row.query.includes('alpha')).map((row) => row.id);
    expect(new Set(alpha).size).toBe(alpha.length);
    expect(alpha.filter((id) => seededAlpha.includes(id)).sort()).toEqual([...seededAlpha].sort());
    expect(alpha.filter((id) => !seededAlpha.includes(id))).toHaveLength(insertedBefore);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=%7B%7D', 'cursor'],
    ['cursor=WyIyMDI2LTAxLTAxIiwiMSJd', 'cursor'],
    [`q=${'x'.repeat(201)}`, 'q'],
  ])('answers 400 for %s naming %s', async (query, path) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'GET', `/v1/research-queries?${query}`, { token: user.token });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });
});

describe('another user’s research queries', () => {
  it('are 404 for every verb, invisible in lists and lookups, and stay unchanged', async () => {
    const owner = await createUser(ctx.current);
    const intruder = await createUser(ctx.current);
    const row = await store(owner, 'Confidential market sizing', 'secret summary');
    const path = `/v1/research-queries/${row.id}`;
    const before = await ctx.current.database.db.select().from(researchQueries).where(eq(researchQueries.id, row.id));

    const read = await call(ctx.current.app, 'GET', path, { token: intruder.token });
    const deleted = await call(ctx.current.app, 'DELETE', path, { token: intruder.token });
    const patched = await call(ctx.current.app, 'PATCH', path, { token: intruder.token, body: { query: 'x' } });
    expect(read.status).toBe(404);
    expect(deleted.status).toBe(404);
    expect(patched.status).toBe(404);
    const unknown = await call(ctx.current.app, 'GET', `/v1/research-queries/${crypto.randomUUID()}`, {
      token: intruder.token,
    });
    expect(read.body).toEqual(unknown.body);

    const list = await call(ctx.current.app, 'GET', '/v1/research-queries?q=confidential', { token: intruder.token });
    expect(list.body).toEqual({ data: [], nextCursor: null });
    const hit = await call(ctx.current.app, 'GET', '/v1/research-queries/lookup?query=confidential+market+sizing', {
      token: intruder.token,
    });
    expect(hit.status).toBe(404);

    const after = await ctx.current.database.db.select().from(researchQueries).where(eq(researchQueries.id, row.id));
    expect(after).toEqual(before);
    const intruderRows = await ctx.current.database.db
      .select()
      .from(researchQueries)
      .where(eq(researchQueries.userId, intruder.id));
    expect(intruderRows).toEqual([]);
  });
});
