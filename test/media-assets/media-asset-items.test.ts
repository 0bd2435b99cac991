import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles, mediaAssets } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { imageAsset, insertArticle } from './fixtures.ts';

const ctx = useTestContext();

const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);

describe('concurrent creates with one Idempotency-Key', () => {
  it('create one row: the others replay it or are told it is still running', async () => {
    const user = await createUser(ctx.current);
    const headers = { 'idempotency-key': `race-${crypto.randomUUID()}` };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, headers, body: imageAsset() }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const stored = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.userId, user.id));
    expect(stored).toHaveLength(1);
  });
});

describe('GET, PATCH and DELETE /v1/media-assets/{id}', () => {
  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    const user = await createUser(ctx.current);
    const bad = await call(ctx.current.app, 'GET', '/v1/media-assets/not-a-uuid', { token: user.token });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad.body)).toEqual(['id']);
    const unknown = await call(ctx.current.app, 'GET', `/v1/media-assets/${crypto.randomUUID()}`, {
      token: user.token,
    });
    expect(unknown.status).toBe(404);
  });

  it('changes fields, attaches to and detaches from an article', async () => {
    const user = await createUser(ctx.current);
    const articleId = await insertArticle(ctx.current, user.id);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ style: 'ink' }),
    });
    const path = `/v1/media-assets/${created.body.id}`;

    const attached = await call(ctx.current.app, 'PATCH', path, {
      token: user.token,
      body: { articleId, style: null, url: '/uploads/final.png', metadata: { approved: true } },
    });
    expect(attached.status).toBe(200);
    expect(attached.body).toEqual({
      ...created.body,
      articleId,
      style: null,
      url: '/uploads/final.png',
      metadata: { approved: true },
    });

    const detached = await call(ctx.current.app, 'PATCH', path, { token: user.token, body: { articleId: null } });
    expect(detached.status).toBe(200);
    expect(detached.body.articleId).toBeNull();
    const [row] = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.id, created.body.id));
    expect(row?.articleId).toBeNull();
    expect(row?.url).toBe('/uploads/final.png');
  });

  it('answers 400 for an empty, unknown or unsafe change and changes nothing', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body: imageAsset() });
    const path = `/v1/media-assets/${created.body.id}`;
    const empty = await call(ctx.current.app, 'PATCH', path, { token: user.token, body: {} });
    expect(empty.status).toBe(400);
    const unknown = await call(ctx.current.app, 'PATCH', path, { token: user.token, body: { userId: user.id } });
    expect(unknown.status).toBe(400);
    expect(errorPaths(unknown.body)).toEqual(['userId']);
    const unsafe = await call(ctx.current.app, 'PATCH', path, {
      token: user.token,
      body: { url: 'javascript:alert(1)', type: 'PDF' },
    });
    expect(unsafe.status).toBe(400);
    expect(errorPaths(unsafe.body).sort()).toEqual(['type', 'url']);
    const read = await call(ctx.current.app, 'GET', path, { token: user.token });
    expect(read.body).toEqual(created.body);
  });

  it('answers 404 when attaching to an article that does not exist', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body: imageAsset() });
    const response = await call(ctx.current.app, 'PATCH', `/v1/media-assets/${created.body.id}`, {
      token: user.token,
      body: { articleId: crypto.randomUUID() },
    });
    expect(response.status).toBe(404);
  });

  it('deletes an asset: 204, then 404', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body: imageAsset() });
    const path = `/v1/media-assets/${created.body.id}`;
    const deleted = await call(ctx.current.app, 'DELETE', path, { token: user.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await call(ctx.current.app, 'GET', path, { token: user.token })).status).toBe(404);
    expect((await call(ctx.current.app, 'DELETE', path, { token: user.token })).status).toBe(404);
  });

  it('keeps the asset with articleId null when its article is deleted through the API', async () => {
    const user = await createUser(ctx.current);
    const article = await call(ctx.current.app, 'POST', '/v1/articles', {
      token: user.token,
      body: { title: 'Article with a cover', content: 'Some **Markdown**.' },
    });
    expect(article.status).toBe(201);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ articleId: article.body.id }),
    });
    expect(created.body.articleId).toBe(article.body.id);
    const deleted = await call(ctx.current.app, 'DELETE', `/v1/articles/${article.body.id}`, { token: user.token });
    expect(deleted.status).toBe(204);
    const read = await call(ctx.current.app, 'GET', `/v1/media-assets/${created.body.id}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...created.body, articleId: null });
    const byArticle = await call(ctx.current.app, 'GET', `/v1/media-assets?articleId=${article.body.id}`, {
      token: user.token,
    });
    expect(byArticle.body.data).toEqual([]);
  });

  it('keeps the asset with articleId null when its article row is deleted directly', async () => {
    const user = await createUser(ctx.current);
    const articleId = await insertArticle(ctx.current, user.id);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ articleId }),
    });
    await ctx.current.database.db.delete(articles).where(eq(articles.id, articleId));
    const read = await call(ctx.current.app, 'GET', `/v1/media-assets/${created.body.id}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...created.body, articleId: null });
  });
});
