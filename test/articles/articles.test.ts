import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mediaAssets } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { articleRow, countArticles, postArticle } from './articles.helpers.ts';

const ctx = useTestContext();
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('POST /v1/articles', () => {
  it('creates an article with rendered, sanitised HTML, a word count and a slug from the title', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/articles', {
      token: user.token,
      body: {
        title: 'My First Post',
        content: '# Hello\n\nSome **bold** words <script>alert(1)</script> [x](javascript:alert(1))',
        seoTitle: 'SEO title',
        metaDescription: 'A description',
        focusKeyphrase: 'first post',
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/v1/articles/${response.body.id}`);
    expect(response.body).toMatchObject({
      title: 'My First Post',
      slug: 'my-first-post',
      status: 'DRAFT',
      seoTitle: 'SEO title',
      metaDescription: 'A description',
      focusKeyphrase: 'first post',
      publishedAt: null,
      createdAt: ctx.current.clock.now().toISOString(),
    });
    expect(response.body.htmlContent).toContain('<h1>Hello</h1>');
    expect(response.body.htmlContent).toContain('<strong>bold</strong>');
    expect(response.body.htmlContent).not.toContain('<script');
    expect(response.body.htmlContent).not.toContain('href="javascript');
    // Hello, Some, bold, words, <script>alert(1)</script> (shown as text), [x](javascript:alert(1)) (text).
    expect(response.body.wordCount).toBe(6);
    expect(Object.keys(response.body).sort()).toEqual(
      [
        'id',
        'title',
        'slug',
        'status',
        'seoTitle',
        'metaDescription',
        'focusKeyphrase',
        'wordCount',
        'publishedAt',
        'createdAt',
        'updatedAt',
        'content',
        'htmlContent',
      ].sort(),
    );
    const row = await articleRow(ctx.current, response.body.id);
    expect(row?.userId).toBe(user.id);
    expect(row?.htmlContent).toBe(response.body.htmlContent);
  });

  it('sets publishedAt when created as PUBLISHED', async () => {
    const user = await createUser(ctx.current);
    const body = await postArticle(ctx.current, user, { title: 'Straight out', status: 'PUBLISHED' });
    expect(body.publishedAt).toBe(ctx.current.clock.now().toISOString());
  });

  it.each([
    [{ content: 'x' }, 'title'],
    [{ title: 'T' }, 'content'],
    [{ title: '   ', content: 'x' }, 'title'],
    [{ title: 42, content: 'x' }, 'title'],
    [{ title: 'T', content: 'x', htmlContent: '<b>mine</b>' }, 'htmlContent'],
    [{ title: 'T', content: 'x', wordCount: 3 }, 'wordCount'],
    [{ title: 'T', content: 'x', status: 'LIVE' }, 'status'],
    [{ title: 'T', content: 'x', slug: 'Not A Slug' }, 'slug'],
    [{ title: 'T', content: 'x', slug: 'double--hyphen' }, 'slug'],
    [{ title: 'T', content: 'x', slug: 'a'.repeat(81) }, 'slug'],
    [{ title: 'T', content: 'x', seoTitle: 'x'.repeat(301) }, 'seoTitle'],
  ])('answers 400 naming the bad field for %j', async (body, path) => {
    const user = await createUser(ctx.current);
    const before = await countArticles(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/articles', { token: user.token, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await countArticles(ctx.current)).toBe(before);
  });

  it('answers 400 for a missing body', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/articles', { token: user.token });
    expect(response.status).toBe(400);
  });

  it('answers 401 with WWW-Authenticate without a valid token', async () => {
    for (const token of [undefined, 'not-a-token', 'a.b.c']) {
      const response = await call(ctx.current.app, 'POST', '/v1/articles', {
        token,
        body: { title: 'T', content: 'x' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });
});

describe('Idempotency-Key on POST /v1/articles', () => {
  it('replays the first answer for the same key and body and creates one article', async () => {
    const user = await createUser(ctx.current);
    const body = { title: 'Idempotent article', content: 'Once.' };
    const headers = { 'idempotency-key': 'create-article-1' };
    const before = await countArticles(ctx.current);
    const first = await call(ctx.current.app, 'POST', '/v1/articles', { token: user.token, body, headers });
    const second = await call(ctx.current.app, 'POST', '/v1/articles', { token: user.token, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await countArticles(ctx.current)).toBe(before + 1);
  });

  it('answers 422 for the same key with another body', async () => {
    const user = await createUser(ctx.current);
    const headers = { 'idempotency-key': 'create-article-2' };
    const first = await call(ctx.current.app, 'POST', '/v1/articles', {
      token: user.token,
      body: { title: 'One', content: 'x' },
      headers,
    });
    expect(first.status).toBe(201);
    const before = await countArticles(ctx.current);
    const second = await call(ctx.current.app, 'POST', '/v1/articles', {
      token: user.token,
      body: { title: 'Two', content: 'x' },
      headers,
    });
    expect(second.status).toBe(422);
    expect(await countArticles(ctx.current)).toBe(before);
  });

  it('creates one article for two concurrent requests with one key', async () => {
    const user = await createUser(ctx.current);
    const body = { title: 'Concurrent key', content: 'x' };
    const headers = { 'idempotency-key': 'create-article-3' };
    const before = await countArticles(ctx.current);
    const answers = await Promise.all(
      [0, 1].map(() => call(ctx.current.app, 'POST', '/v1/articles', { token: user.token, body, headers })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual(
      answers.some((answer) => answer.status === 409) ? [201, 409] : [201, 201],
    );
    expect(await countArticles(ctx.current)).toBe(before + 1);
  });
});

describe('GET /v1/articles/{id}', () => {
  it('returns the article with its ETag, and 304 for a current If-None-Match', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const response = await call(ctx.current.app, 'GET', `/v1/articles/${created.id}`, { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(created);
    expect(response.headers.get('etag')).toBe('"1"');
    const again = await call(ctx.current.app, 'GET', `/v1/articles/${created.id}`, {
      token: user.token,
      headers: { 'if-none-match': '"1"' },
    });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const user = await createUser(ctx.current);
    expect((await call(ctx.current.app, 'GET', `/v1/articles/${MISSING_ID}`, { token: user.token })).status).toBe(404);
    const bad = await call(ctx.current.app, 'GET', '/v1/articles/not-a-uuid', { token: user.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('id');
  });
});

describe('DELETE /v1/articles/{id}', () => {
  it('answers 204, forgets the article and keeps its media assets with articleId null', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const [asset] = await ctx.current.database.db
      .insert(mediaAssets)
      .values({ userId: user.id, articleId: created.id, type: 'IMAGE', provider: 'GEMINI', prompt: 'a cat' })
      .returning();
    const response = await call(ctx.current.app, 'DELETE', `/v1/articles/${created.id}`, { token: user.token });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await articleRow(ctx.current, created.id)).toBeUndefined();
    expect((await call(ctx.current.app, 'GET', `/v1/articles/${created.id}`, { token: user.token })).status).toBe(404);
    const [kept] = await ctx.current.database.db
      .select()
      .from(mediaAssets)
      .where(eq(mediaAssets.id, asset?.id ?? ''));
    expect(kept?.articleId).toBeNull();
    const again = await call(ctx.current.app, 'DELETE', `/v1/articles/${created.id}`, { token: user.token });
    expect(again.status).toBe(404);
  });
});

describe("another user's article", () => {
  it('is 404 for every verb and nothing changes', async () => {
    const owner = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    const created = await postArticle(ctx.current, owner, { title: 'Private one', status: 'PUBLISHED' });
    const before = await articleRow(ctx.current, created.id);
    const path = `/v1/articles/${created.id}`;

    const answers = [
      await call(ctx.current.app, 'GET', path, { token: other.token }),
      await call(ctx.current.app, 'PATCH', path, { token: other.token, body: { title: 'Hijacked' } }),
      await call(ctx.current.app, 'PATCH', path, {
        token: other.token,
        body: { status: 'ARCHIVED' },
        headers: { 'if-match': '"1"' },
      }),
      await call(ctx.current.app, 'DELETE', path, { token: other.token }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe('No article with that identifier.');
    }
    const missing = await call(ctx.current.app, 'GET', `/v1/articles/${MISSING_ID}`, { token: other.token });
    expect(missing.body).toEqual(answers[0]?.body);

    const list = await call(ctx.current.app, 'GET', '/v1/articles?q=private', { token: other.token });
    expect(list.body.data).toEqual([]);
    expect(await articleRow(ctx.current, created.id)).toEqual(before);
  });
});
