import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mediaAssets } from '../../drizzle/index.ts';
import { toBase64Url, utf8 } from '../../src/crypto/encoding.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { imageAsset, insertArticle } from './fixtures.ts';

const ctx = useTestContext();

async function walk(user: TestUser, query: string, limit: number, between?: () => Promise<void>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (cursor) params.set('cursor', cursor);
    const page = await call(ctx.current.app, 'GET', `/v1/media-assets?${params}`, { token: user.token });
    expect(page.status).toBe(200);
    expect(page.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.body.data.map((asset: { id: string }) => asset.id));
    cursor = page.body.nextCursor;
    pages += 1;
    if (between) await between();
  } while (cursor && pages < 100);
  return ids;
}

describe('GET /v1/media-assets', () => {
  it('filters by type, by article and by both, newest first', async () => {
    const user = await createUser(ctx.current);
    const articleId = await insertArticle(ctx.current, user.id);
    const created: Record<string, { id: string; createdAt: string }> = {};
    for (const [name, body] of Object.entries({
      looseImage: imageAsset(),
      looseVideo: imageAsset({ type: 'VIDEO' }),
      articleImage: imageAsset({ articleId }),
      articleAudio: imageAsset({ type: 'AUDIO', articleId }),
    })) {
      const response = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body });
      expect(response.status).toBe(201);
      created[name] = response.body;
    }
    // Requests within one millisecond share created_at; the id breaks the tie.
    const newestFirst = (...names: string[]) =>
      names
        .map((name) => created[name] as { id: string; createdAt: string })
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
        .map((asset) => asset.id);
    const list = async (query: string) => {
      const response = await call(ctx.current.app, 'GET', `/v1/media-assets?${query}`, { token: user.token });
      expect(response.status).toBe(200);
      return response.body.data.map((asset: { id: string }) => asset.id);
    };
    expect(await list('')).toEqual(newestFirst('articleAudio', 'articleImage', 'looseVideo', 'looseImage'));
    expect(await list('type=IMAGE')).toEqual(newestFirst('articleImage', 'looseImage'));
    expect(await list(`articleId=${articleId}`)).toEqual(newestFirst('articleAudio', 'articleImage'));
    expect(await list(`articleId=${articleId}&type=AUDIO`)).toEqual(newestFirst('articleAudio'));
    expect(await list(`articleId=${articleId}&type=VIDEO`)).toEqual([]);
  });

  it('walks every row exactly once, ties included, while rows are inserted between pages', async () => {
    const user = await createUser(ctx.current);
    const articleId = await insertArticle(ctx.current, user.id);
    // Three timestamps shared by 23 rows: pages must break inside runs of equal created_at.
    const stamps = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
    const rows = await ctx.current.database.db
      .insert(mediaAssets)
      .values(
        Array.from({ length: 23 }, (_, index) => ({
          userId: user.id,
          articleId: index % 2 === 0 ? articleId : null,
          type: 'IMAGE' as const,
          provider: 'OPENAI' as const,
          prompt: `row ${index}`,
          createdAt: new Date(stamps[index % 3] as string),
        })),
      )
      .returning({ id: mediaAssets.id, articleId: mediaAssets.articleId });
    const insertOne = async () => {
      const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
        token: user.token,
        body: imageAsset({ articleId }),
      });
      expect(response.status).toBe(201);
    };

    const seen = await walk(user, '', 4, insertOne);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(rows.map((row) => row.id).sort());

    const attached = rows.filter((row) => row.articleId !== null).map((row) => row.id);
    const seenAttached = await walk(user, `articleId=${articleId}&type=IMAGE`, 5, insertOne);
    const newer = seenAttached.filter((id) => !attached.includes(id));
    expect(seenAttached.filter((id) => attached.includes(id)).sort()).toEqual([...attached].sort());
    expect(new Set(seenAttached).size).toBe(seenAttached.length);
    // Rows inserted before this walk began are newer than every seeded row, so they come first.
    expect(seenAttached.slice(0, newer.length)).toEqual(newer);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${toBase64Url(utf8(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])))}`, 'cursor'],
    [`cursor=${toBase64Url(utf8(JSON.stringify(['yesterday', crypto.randomUUID()])))}`, 'cursor'],
    ['type=GIF', 'type'],
    ['articleId=42', 'articleId'],
  ])('answers 400 for %s naming %s', async (query, path) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'GET', `/v1/media-assets?${query}`, { token: user.token });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });

  it('accepts limit=1 and limit=100 and defaults to 20', async () => {
    const user = await createUser(ctx.current);
    await ctx.current.database.db.insert(mediaAssets).values(
      Array.from({ length: 21 }, (_, index) => ({
        userId: user.id,
        type: 'VIDEO' as const,
        provider: 'LLAMA' as const,
        prompt: `clip ${index}`,
      })),
    );
    const byDefault = await call(ctx.current.app, 'GET', '/v1/media-assets', { token: user.token });
    expect(byDefault.body.data).toHaveLength(20);
    expect(byDefault.body.nextCursor).toEqual(expect.any(String));
    const one = await call(ctx.current.app, 'GET', '/v1/media-assets?limit=1', { token: user.token });
    expect(one.body.data).toHaveLength(1);
    const all = await call(ctx.current.app, 'GET', '/v1/media-assets?limit=100', { token: user.token });
    expect(all.body.data).toHaveLength(21);
    expect(all.body.nextCursor).toBeNull();
  });
});

describe('another user’s media assets', () => {
  it('are 404 for every verb, invisible in lists, and stay unchanged', async () => {
    const owner = await createUser(ctx.current);
    const intruder = await createUser(ctx.current);
    const ownerArticle = await insertArticle(ctx.current, owner.id);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: owner.token,
      body: imageAsset({ articleId: ownerArticle, metadata: { a: 1 } }),
    });
    const path = `/v1/media-assets/${created.body.id}`;
    const [before] = await ctx.current.database.db
      .select()
      .from(mediaAssets)
      .where(eq(mediaAssets.id, created.body.id));

    const read = await call(ctx.current.app, 'GET', path, { token: intruder.token });
    const patched = await call(ctx.current.app, 'PATCH', path, {
      token: intruder.token,
      body: { prompt: 'hijacked', articleId: null },
    });
    const deleted = await call(ctx.current.app, 'DELETE', path, { token: intruder.token });
    for (const response of [read, patched, deleted]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, title: 'Not found' });
    }
    const unknown = await call(ctx.current.app, 'GET', `/v1/media-assets/${crypto.randomUUID()}`, {
      token: intruder.token,
    });
    expect(read.body).toEqual(unknown.body);

    const list = await call(ctx.current.app, 'GET', '/v1/media-assets', { token: intruder.token });
    expect(list.body.data).toEqual([]);
    const byArticle = await call(ctx.current.app, 'GET', `/v1/media-assets?articleId=${ownerArticle}`, {
      token: intruder.token,
    });
    expect(byArticle.body.data).toEqual([]);

    const [after] = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.id, created.body.id));
    expect(after).toEqual(before);
  });

  it('cannot attach their asset to another user’s article, on create or update', async () => {
    const owner = await createUser(ctx.current);
    const intruder = await createUser(ctx.current);
    const ownerArticle = await insertArticle(ctx.current, owner.id);

    const create = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: intruder.token,
      body: imageAsset({ articleId: ownerArticle }),
    });
    expect(create.status).toBe(404);
    expect(create.body.detail).toContain('article');

    const own = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: intruder.token, body: imageAsset() });
    const update = await call(ctx.current.app, 'PATCH', `/v1/media-assets/${own.body.id}`, {
      token: intruder.token,
      body: { articleId: ownerArticle, prompt: 'changed' },
    });
    expect(update.status).toBe(404);

    const rows = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.userId, intruder.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ articleId: null, prompt: own.body.prompt });
    const attached = await ctx.current.database.db
      .select()
      .from(mediaAssets)
      .where(eq(mediaAssets.articleId, ownerArticle));
    expect(attached).toEqual([]);
  });
});
