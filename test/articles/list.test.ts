import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { type ArticleInput, postArticle } from './articles.helpers.ts';

const ctx = useTestContext();

const list = (user: TestUser, query = '') =>
  call(ctx.current.app, 'GET', `/v1/articles${query}`, { token: user.token });

async function create(user: TestUser, input: ArticleInput) {
  ctx.current.clock.advance(1000);
  return postArticle(ctx.current, user, input);
}

describe('GET /v1/articles', () => {
  it('lists the user’s own articles newest first as summaries', async () => {
    const user = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    const a = await create(user, { title: 'Oldest' });
    const b = await create(user, { title: 'Middle' });
    await create(other, { title: 'Not mine' });
    const c = await create(user, { title: 'Newest' });
    const response = await list(user);
    expect(response.status).toBe(200);
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual([c.id, b.id, a.id]);
    expect(response.body.nextCursor).toBeNull();
    const { content: _content, htmlContent: _html, ...summary } = c;
    expect(response.body.data[0]).toEqual(summary);
  });

  it('filters by status', async () => {
    const user = await createUser(ctx.current);
    const published = await create(user, { title: 'Live', status: 'PUBLISHED' });
    await create(user, { title: 'Draft' });
    const archived = await create(user, { title: 'Old', status: 'ARCHIVED' });
    expect((await list(user, '?status=PUBLISHED')).body.data.map((item: { id: string }) => item.id)).toEqual([
      published.id,
    ]);
    expect((await list(user, '?status=ARCHIVED')).body.data.map((item: { id: string }) => item.id)).toEqual([
      archived.id,
    ]);
    expect((await list(user, '?status=live')).status).toBe(400);
  });

  it('searches title and content by full text, case-insensitively and with stemming', async () => {
    const user = await createUser(ctx.current);
    const running = await create(user, { title: 'Running Shoes', content: 'A guide for runners.' });
    const cats = await create(user, { title: 'Pets', content: 'Why CATS sleep all day.' });
    await create(user, { title: 'Concatenate strings', content: 'Joining text in code.' });
    const both = await create(user, { title: 'Cats that run', content: 'Fast felines.' });
    const ids = async (q: string) =>
      (await list(user, `?q=${encodeURIComponent(q)}`)).body.data.map((item: { id: string }) => item.id);

    expect(await ids('run')).toEqual([both.id, running.id]);
    expect(await ids('cat')).toEqual([both.id, cats.id]);
    expect(await ids('cats -run')).toEqual([cats.id]);
    expect(await ids('"all day"')).toEqual([cats.id]);
    expect(await ids('cats run')).toEqual([both.id]);
    expect(await ids('submarine')).toEqual([]);
  });

  it('combines search with status and survives query syntax characters', async () => {
    const user = await createUser(ctx.current);
    const live = await create(user, { title: 'Searchable live', status: 'PUBLISHED' });
    await create(user, { title: 'Searchable draft' });
    const both = await list(user, '?q=searchable&status=PUBLISHED');
    expect(both.body.data.map((item: { id: string }) => item.id)).toEqual([live.id]);
    for (const q of ["it's", 'a & b | !c', 'x:*', '((((', '"unclosed', '-', '\\', 'or or or', '😀']) {
      const response = await list(user, `?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?limit=-1', 'limit'],
    ['?limit=abc', 'limit'],
    ['?limit=1.5', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    [`?cursor=${Buffer.from('["2026-01-01T00:00:00.000Z","nope"]').toString('base64url')}`, 'cursor'],
    [`?cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
    [`?q=${'x'.repeat(201)}`, 'q'],
  ])('answers 400 for %s naming %s', async (query, path) => {
    const user = await createUser(ctx.current);
    const response = await list(user, query);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('accepts limit 1 and 100', async () => {
    const user = await createUser(ctx.current);
    await create(user, { title: 'One' });
    await create(user, { title: 'Two' });
    const one = await list(user, '?limit=1');
    expect(one.body.data).toHaveLength(1);
    expect(one.body.nextCursor).toEqual(expect.any(String));
    expect((await list(user, '?limit=100')).body.data).toHaveLength(2);
  });

  it('answers 401 without a token', async () => {
    expect((await call(ctx.current.app, 'GET', '/v1/articles')).status).toBe(401);
  });
});

describe('cursor pagination', () => {
  it('pages through one status only, newest first, with the status kept across pages', async () => {
    const user = await createUser(ctx.current);
    const published: string[] = [];
    for (let index = 0; index < 7; index++) {
      published.unshift((await create(user, { title: `Status walk ${index}`, status: 'PUBLISHED' })).id);
      await create(user, { title: `Status walk draft ${index}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(user, `?status=PUBLISHED&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(published);
  });

  it('visits every row exactly once while rows are inserted between pages', async () => {
    const user = await createUser(ctx.current);
    const existing: string[] = [];
    for (let index = 0; index < 23; index++) {
      // Several rows share a timestamp, so the id tie-breaker is exercised too.
      if (index % 3 === 0) ctx.current.clock.advance(1000);
      existing.push((await postArticle(ctx.current, user, { title: `Walk ${index}` })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await list(user, query);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
      pages += 1;
      // Newer rows land before the cursor and must neither appear nor shift the walk.
      await create(user, { title: `Inserted during walk ${pages}` });
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(existing.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...existing].sort());
  });
});

describe('forged cursors', () => {
  // Valid JavaScript dates outside PostgreSQL's timestamptz range reached the query as a 500.
  const forged = (at: string) =>
    Buffer.from(JSON.stringify([at, '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e'])).toString('base64url');

  it.each(['/v1/articles', '/v1/drafts', '/v1/media-assets', '/v1/research-queries', '/v1/public/articles'])(
    'answer 400 on %s, never 500',
    async (path) => {
      const user = await createUser(ctx.current);
      for (const at of ['+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
        const response = await call(ctx.current.app, 'GET', `${path}?cursor=${forged(at)}`, { token: user.token });
        expect(response.status, at).toBe(400);
        expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['cursor']);
      }
    },
  );
});
