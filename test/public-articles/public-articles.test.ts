import type { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import { describe, expect, it } from 'vitest';
import * as schema from '../../drizzle/index.ts';
import { articles, users } from '../../drizzle/index.ts';
import type { Database } from '../../src/db/database.ts';
import { publishedSlugsOf } from '../../src/modules/articles/articles.service.ts';
import { createPublicArticlesRepository } from '../../src/modules/public-articles/public-articles.repository.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

const read = (slug: string, headers: Record<string, string> = {}) =>
  call(ctx.current.app, 'GET', `/v1/public/articles/${slug}`, { headers });

const patch = (token: string, id: string, body: unknown) =>
  call(ctx.current.app, 'PATCH', `/v1/articles/${id}`, { token, body });

describe('GET /v1/public/articles/{slug}', () => {
  it('returns a published article with its HTML, author, ETag and Cache-Control, without a token', async () => {
    const author = await createUser(ctx.current, { name: 'Ada Author' });
    const created = await postArticle(ctx.current, author, {
      title: 'Public Piece',
      content: '# Heading\n\nBody text.',
      seoTitle: 'SEO',
      metaDescription: 'Meta',
      focusKeyphrase: 'piece',
      status: 'PUBLISHED',
    });
    const response = await read('public-piece');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.get('etag')).toMatch(/^"1-[0-9a-z]+"$/);
    expect(response.body).toEqual({
      id: created.id,
      title: 'Public Piece',
      slug: 'public-piece',
      seoTitle: 'SEO',
      metaDescription: 'Meta',
      focusKeyphrase: 'piece',
      wordCount: 3,
      publishedAt: created.publishedAt,
      htmlContent: '<h1>Heading</h1>\n<p>Body text.</p>\n',
      author: { name: 'Ada Author' },
    });
  });

  it('answers 304 for a matching If-None-Match, and 200 for a stale one', async () => {
    const author = await createUser(ctx.current);
    await postArticle(ctx.current, author, { title: 'Conditional', status: 'PUBLISHED' });
    const first = await read('conditional');
    const etag = first.headers.get('etag') ?? '';
    const again = await read('conditional', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(ctx.current.config.publicCacheControl);
    expect((await read('conditional', { 'if-none-match': `"0-x", W/${etag}` })).status).toBe(304);
    expect((await read('conditional', { 'if-none-match': '"1-0000000000000000"' })).status).toBe(200);
  });

  it('answers 404 for drafts, archived articles, unknown and impossible slugs', async () => {
    const author = await createUser(ctx.current);
    await postArticle(ctx.current, author, { title: 'Still a draft' });
    await postArticle(ctx.current, author, { title: 'Archived one', status: 'ARCHIVED' });
    for (const slug of ['still-a-draft', 'archived-one', 'never-existed', 'Not_A_Slug', 'x'.repeat(300), '%00']) {
      const response = await read(slug);
      expect(response.status, slug).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers concurrent reads of different articles, drafts and unknown slugs each with its own answer', async () => {
    const first = await createUser(ctx.current, { name: 'First Author' });
    const second = await createUser(ctx.current, { name: 'Second Author' });
    await postArticle(ctx.current, first, { title: 'Batch one', content: 'one', status: 'PUBLISHED' });
    await postArticle(ctx.current, second, { title: 'Batch two', content: 'two', status: 'PUBLISHED' });
    await postArticle(ctx.current, first, { title: 'Batch draft' });
    const slugs = ['batch-one', 'batch-two', 'batch-draft', 'batch-missing', 'batch-one', 'batch-two'];
    const responses = await Promise.all(slugs.map((slug) => read(slug)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 404, 404, 200, 200]);
    const bodies = responses.filter((response) => response.status === 200).map((response) => response.body);
    expect(bodies.map((body) => [body.slug, body.htmlContent, body.author.name])).toEqual([
      ['batch-one', '<p>one</p>\n', 'First Author'],
      ['batch-two', '<p>two</p>\n', 'Second Author'],
      ['batch-one', '<p>one</p>\n', 'First Author'],
      ['batch-two', '<p>two</p>\n', 'Second Author'],
    ]);
  });

  it('serves from the cache when warm', async () => {
    const author = await createUser(ctx.current);
    const created = await postArticle(ctx.current, author, { title: 'Cached', content: 'first', status: 'PUBLISHED' });
    // Two reads: the in-process store keeps a page from its second read on.
    expect((await read('cached')).body.htmlContent).toBe('<p>first</p>\n');
    expect((await read('cached')).body.htmlContent).toBe('<p>first</p>\n');
    // Behind the API's back: a warm cache does not notice.
    await ctx.current.database.db
      .update(articles)
      .set({ htmlContent: '<p>changed directly</p>' })
      .where(eq(articles.id, created.id));
    expect((await read('cached')).body.htmlContent).toBe('<p>first</p>\n');
  });
});

describe('the public article lookup', () => {
  /** A Drizzle database over the test database's own client that counts the statements it runs. */
  function countingDatabase(): { db: Database; statements: string[] } {
    const statements: string[] = [];
    const logger = { logQuery: (query: string) => void statements.push(query) };
    const { database } = ctx.current;
    const client = (database.db as unknown as { $client: unknown }).$client;
    const db =
      database.driver === 'pglite'
        ? drizzlePglite({ client: client as PGlite, schema, logger })
        : drizzlePostgres({ client: client as Sql, schema, logger });
    return { db: db as unknown as Database, statements };
  }

  it('reads the slugs looked up together in one statement, and a lone slug by itself', async () => {
    const author = await createUser(ctx.current);
    for (const title of ['Lookup one', 'Lookup two', 'Lookup three']) {
      await postArticle(ctx.current, author, { title, status: 'PUBLISHED' });
    }
    const { db, statements } = countingDatabase();
    const repository = createPublicArticlesRepository(db);
    const rows = await Promise.all(
      ['lookup-one', 'lookup-two', 'lookup-three', 'lookup-none'].map((slug) => repository.findPublishedBySlug(slug)),
    );
    expect(rows.map((row) => row?.slug)).toEqual(['lookup-one', 'lookup-two', 'lookup-three', undefined]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('any(');
    // A lookup of a later turn is a statement of its own, by the plain `slug = $1` when it is alone.
    expect((await repository.findPublishedBySlug('lookup-two'))?.title).toBe('Lookup two');
    expect(statements).toHaveLength(2);
    expect(statements[1]).not.toContain('any(');
    expect(await repository.findPublishedBySlug('lookup-none')).toBeUndefined();
  });
});

describe('a warm public cache after a change returned', () => {
  async function warmPublished(title: string, slug: string) {
    const author = await createUser(ctx.current);
    const created = await postArticle(ctx.current, author, { title, content: 'original', status: 'PUBLISHED' });
    const warm = await read(slug);
    expect(warm.status).toBe(200);
    expect((await read(slug)).status).toBe(200);
    return { author, created, etag: warm.headers.get('etag') ?? '' };
  }

  it('shows an update, with a new ETag', async () => {
    const { author, created, etag } = await warmPublished('Updated later', 'updated-later');
    expect((await patch(author.token, created.id, { content: 'revised' })).status).toBe(200);
    const after = await read('updated-later', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.body.htmlContent).toBe('<p>revised</p>\n');
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.headers.get('etag')).toMatch(/^"2-/);
  });

  it('is 404 after unpublishing', async () => {
    const { author, created } = await warmPublished('Unpublished later', 'unpublished-later');
    expect((await patch(author.token, created.id, { status: 'ARCHIVED' })).status).toBe(200);
    expect((await read('unpublished-later')).status).toBe(404);
    expect((await patch(author.token, created.id, { status: 'DRAFT' })).status).toBe(200);
    expect((await read('unpublished-later')).status).toBe(404);
  });

  it('is 404 after deletion', async () => {
    const { author, created } = await warmPublished('Deleted later', 'deleted-later');
    const deleted = await call(ctx.current.app, 'DELETE', `/v1/articles/${created.id}`, { token: author.token });
    expect(deleted.status).toBe(204);
    expect((await read('deleted-later')).status).toBe(404);
  });

  it('moves with a slug change: the old slug is 404 and the new one current', async () => {
    const { author, created } = await warmPublished('Renamed later', 'renamed-later');
    expect((await patch(author.token, created.id, { slug: 'renamed-now', content: 'moved' })).status).toBe(200);
    expect((await read('renamed-later')).status).toBe(404);
    const moved = await read('renamed-now');
    expect(moved.status).toBe(200);
    expect(moved.body.htmlContent).toBe('<p>moved</p>\n');
  });

  it('gives a re-published article its current content, and a new article reusing a slug its own', async () => {
    const { author, created } = await warmPublished('Recycled slug', 'recycled-slug');
    await call(ctx.current.app, 'DELETE', `/v1/articles/${created.id}`, { token: author.token });
    await postArticle(ctx.current, author, {
      title: 'Another',
      slug: 'recycled-slug',
      content: 'newcomer',
      status: 'PUBLISHED',
    });
    expect((await read('recycled-slug')).body.htmlContent).toBe('<p>newcomer</p>\n');
  });

  it('changes the ETag when only the author’s name changed, once the author’s pages are invalidated', async () => {
    const author = await createUser(ctx.current, { name: 'Old Name' });
    await postArticle(ctx.current, author, { title: 'Named', status: 'PUBLISHED' });
    const before = await read('named');
    await read('named');
    const slugs = await publishedSlugsOf(ctx.current.database.db, author.id);
    expect(slugs).toEqual(['named']);
    await ctx.current.database.db.update(users).set({ name: 'New Name' }).where(eq(users.id, author.id));
    expect((await read('named')).body.author.name).toBe('Old Name');
    await ctx.current.services.shared.publicPages.invalidate(slugs);
    const after = await read('named');
    expect(after.body.author.name).toBe('New Name');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });
});

describe('GET /v1/public/articles', () => {
  it('lists only published articles of every author, newest publication first, with public fields', async () => {
    await ctx.current.database.db.execute(sql`delete from articles`);
    const first = await createUser(ctx.current);
    const second = await createUser(ctx.current);
    ctx.current.clock.advance(1000);
    const a = await postArticle(ctx.current, first, { title: 'Feed A', status: 'PUBLISHED' });
    ctx.current.clock.advance(1000);
    const b = await postArticle(ctx.current, second, { title: 'Feed B', status: 'PUBLISHED' });
    await postArticle(ctx.current, second, { title: 'Feed draft' });
    await postArticle(ctx.current, second, { title: 'Feed archived', status: 'ARCHIVED' });
    const c = await postArticle(ctx.current, first, { title: 'Feed C' });
    ctx.current.clock.advance(1000);
    await patch(first.token, c.id, { status: 'PUBLISHED' });

    const response = await call(ctx.current.app, 'GET', '/v1/public/articles');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(ctx.current.config.publicCacheControl);
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual([c.id, b.id, a.id]);
    expect(response.body.data[1]).toEqual({
      id: b.id,
      title: 'Feed B',
      slug: b.slug,
      seoTitle: null,
      metaDescription: null,
      wordCount: b.wordCount,
      publishedAt: b.publishedAt,
    });
  });

  it('pages by cursor and validates limit and cursor', async () => {
    const author = await createUser(ctx.current);
    for (let index = 0; index < 5; index++) {
      ctx.current.clock.advance(1000);
      await postArticle(ctx.current, author, { title: `Paged ${index}`, status: 'PUBLISHED' });
    }
    const all = (await call(ctx.current.app, 'GET', '/v1/public/articles?limit=100')).body.data;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/public/articles?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call(ctx.current.app, 'GET', path);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((item: { id: string }) => item.id));
    for (const query of ['?limit=0', '?limit=101', '?cursor=zzz']) {
      expect((await call(ctx.current.app, 'GET', `/v1/public/articles${query}`)).status).toBe(400);
    }
  });
});

describe('the cached public feed', () => {
  const feed = async (query = '') => call(ctx.current.app, 'GET', `/v1/public/articles${query}`);
  const titles = (response: Awaited<ReturnType<typeof feed>>) =>
    response.body.data.map((item: { title: string }) => item.title);
  const retitleBehindTheApi = (id: string, title: string) =>
    ctx.current.database.db.update(articles).set({ title }).where(eq(articles.id, id));

  it('shows a newly published, changed or withdrawn article on a warm page as soon as the write returned', async () => {
    const author = await createUser(ctx.current);
    ctx.current.clock.advance(60_000);
    const first = await postArticle(ctx.current, author, { title: 'Feed warm one', status: 'PUBLISHED' });
    expect(titles(await feed())[0]).toBe('Feed warm one');

    ctx.current.clock.advance(1000);
    await postArticle(ctx.current, author, { title: 'Feed warm two', status: 'PUBLISHED' });
    expect(titles(await feed()).slice(0, 2)).toEqual(['Feed warm two', 'Feed warm one']);

    await patch(author.token, first.id, { title: 'Feed warm one, renamed' });
    expect(titles(await feed()).slice(0, 2)).toEqual(['Feed warm two', 'Feed warm one, renamed']);

    await patch(author.token, first.id, { status: 'ARCHIVED' });
    expect(titles(await feed())).not.toContain('Feed warm one, renamed');
  });

  it('caches the pages of cursors it issued, and answers made-up cursors from the database', async () => {
    const author = await createUser(ctx.current);
    const created = [];
    for (let index = 0; index < 3; index++) {
      ctx.current.clock.advance(60_000);
      created.push(await postArticle(ctx.current, author, { title: `Issued ${index}`, status: 'PUBLISHED' }));
    }
    const [oldest, middle, newest] = created as [(typeof created)[0], (typeof created)[0], (typeof created)[0]];
    const firstPage = await feed('?limit=1');
    expect(titles(firstPage)).toEqual(['Issued 2']);
    const issued = firstPage.body.nextCursor as string;
    expect(titles(await feed(`?limit=1&cursor=${issued}`))).toEqual(['Issued 1']);
    expect(titles(await feed(`?limit=1&cursor=${issued}`))).toEqual(['Issued 1']);

    // A cursor of the same form that this API never issued: the position just after the newest.
    const madeUp = Buffer.from(JSON.stringify([newest.publishedAt, 'ffffffff-ffff-4fff-bfff-ffffffffffff'])).toString(
      'base64url',
    );
    expect(titles(await feed(`?limit=1&cursor=${madeUp}`))).toEqual(['Issued 2']);
    expect(titles(await feed(`?limit=1&cursor=${madeUp}`))).toEqual(['Issued 2']);

    await retitleBehindTheApi(middle.id, 'Issued 1, changed directly');
    await retitleBehindTheApi(newest.id, 'Issued 2, changed directly');
    // The issued cursor's page is cached; the made-up one's was never stored.
    expect(titles(await feed(`?limit=1&cursor=${issued}`))).toEqual(['Issued 1']);
    expect(titles(await feed(`?limit=1&cursor=${madeUp}`))).toEqual(['Issued 2, changed directly']);
    expect(oldest.title).toBe('Issued 0');
  });
});

describe('the cached public feed and its keys', () => {
  it('answers an empty cursor 400 even while the first page is cached', async () => {
    const first = await call(ctx.current.app, 'GET', '/v1/public/articles?limit=3');
    expect(first.status).toBe(200);
    expect((await call(ctx.current.app, 'GET', '/v1/public/articles?limit=3')).status).toBe(200);
    expect((await call(ctx.current.app, 'GET', '/v1/public/articles?limit=3&cursor=')).status).toBe(400);
  });

  it('keeps the warm feed when only an unpublished draft changes', async () => {
    const author = await createUser(ctx.current);
    ctx.current.clock.advance(60_000);
    const shown = await postArticle(ctx.current, author, { title: 'Feed kept', status: 'PUBLISHED' });
    const draft = await postArticle(ctx.current, author, { title: 'Feed draft only' });
    expect((await call(ctx.current.app, 'GET', '/v1/public/articles?limit=1')).body.data[0].title).toBe('Feed kept');
    // Behind the API's back, then a draft edit: the feed page stays the cached one.
    await ctx.current.database.db
      .update(articles)
      .set({ title: 'Feed kept, changed directly' })
      .where(eq(articles.id, shown.id));
    expect((await patch(author.token, draft.id, { title: 'Feed draft, edited' })).status).toBe(200);
    expect((await call(ctx.current.app, 'GET', '/v1/public/articles?limit=1')).body.data[0].title).toBe('Feed kept');
  });
});
