import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, signUp, uniqueIp } from './support/accounts.ts';
import { type Client, createClient } from './support/http.ts';
import { type EdgeStack, startEdgeStack } from './support/worker.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!enabled)('the Worker in workerd: articles, drafts, publishing, the public feed', () => {
  let stack: EdgeStack;
  let call: Client;
  let author: Account;
  let stranger: Account;
  let articleId: string;
  let draftId: string;
  let publishedSlug: string;

  beforeAll(async () => {
    stack = await startEdgeStack();
    call = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    author = await signUp(call, stack.mail, 'author');
    stranger = await signUp(call, stack.mail, 'stranger');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('creates an article once per Idempotency-Key, deriving HTML and a word count', async () => {
    const body = { title: 'Edge Coffee Notes', content: '# Beans\n\nFresh **beans** matter <script>alert(1)</script>' };
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const created = await call('POST', '/v1/articles', { token: author.token, body, headers });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ title: body.title, slug: 'edge-coffee-notes', status: 'DRAFT' });
    expect(created.body.htmlContent).toContain('<strong>beans</strong>');
    expect(created.body.htmlContent).not.toContain('<script');
    articleId = created.body.id;

    const replay = await call('POST', '/v1/articles', { token: author.token, body, headers });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(articleId);
    const [{ count }] = (await stack.database.sql`select count(*)::int as count from articles`) as [{ count: number }];
    expect(count).toBe(1);
  });

  it('reads, lists and searches it; another user gets 404', async () => {
    const read = await call('GET', `/v1/articles/${articleId}`, { token: author.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBeTruthy();
    const list = await call('GET', '/v1/articles?q=beans&limit=5', { token: author.token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((article: { id: string }) => article.id)).toEqual([articleId]);
    expect(list.body.nextCursor).toBeNull();
    expect((await call('GET', `/v1/articles/${articleId}`, { token: stranger.token })).status).toBe(404);
  });

  it('updates with If-Match and refuses a stale one with 412', async () => {
    const read = await call('GET', `/v1/articles/${articleId}`, { token: author.token });
    const etag = read.headers.get('etag') as string;
    const updated = await call('PATCH', `/v1/articles/${articleId}`, {
      token: author.token,
      body: { title: 'Edge Coffee Notes, revised' },
      headers: { 'if-match': etag },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.headers.get('etag')).not.toBe(etag);
    const stale = await call('PATCH', `/v1/articles/${articleId}`, {
      token: author.token,
      body: { title: 'Lost update' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const [row] = await stack.database.sql`select title from articles where id = ${articleId}`;
    expect(row?.title).toBe('Edge Coffee Notes, revised');
  });

  it('creates, edits and lists a draft', async () => {
    const created = await call('POST', '/v1/drafts', {
      token: author.token,
      body: {
        title: 'Grinding at the Edge',
        config: { tone: 'friendly' },
        sections: [{ heading: 'Burr or blade', content: 'Burr grinders give an even grind.' }],
        metadata: { seoTitle: 'Grinding guide', metaDescription: 'How to grind coffee' },
        ctaContent: 'Subscribe for more.',
      },
    });
    expect(created.status, created.text).toBe(201);
    draftId = created.body.id;
    const patched = await call('PATCH', `/v1/drafts/${draftId}`, {
      token: author.token,
      body: { sections: [{ heading: 'Burr or blade', content: 'Burr grinders give an even, cool grind.' }] },
    });
    expect(patched.status, patched.text).toBe(200);
    const list = await call('GET', '/v1/drafts', { token: author.token });
    expect(list.body.data.map((draft: { id: string }) => draft.id)).toEqual([draftId]);
    expect((await call('GET', `/v1/drafts/${draftId}`, { token: stranger.token })).status).toBe(404);
  });

  it('publishes the draft as an article in one step and removes the draft', async () => {
    const published = await call('POST', `/v1/drafts/${draftId}/publish`, { token: author.token, body: {} });
    expect(published.status, published.text).toBe(201);
    expect(published.body).toMatchObject({
      status: 'PUBLISHED',
      title: 'Grinding at the Edge',
      seoTitle: 'Grinding guide',
    });
    expect(published.body.content).toContain('## Burr or blade');
    expect(published.body.content).toContain('Subscribe for more.');
    expect(published.body.publishedAt).toBeTruthy();
    publishedSlug = published.body.slug;
    expect((await call('GET', `/v1/drafts/${draftId}`, { token: author.token })).status).toBe(404);
  });

  it('serves the published article publicly with ETag, Cache-Control and 304', async () => {
    const anonymous = createClient(stack.baseUrl);
    const feed = await anonymous('GET', '/v1/public/articles');
    expect(feed.status).toBe(200);
    expect(feed.body.data.map((article: { slug: string }) => article.slug)).toEqual([publishedSlug]);

    const page = await anonymous('GET', `/v1/public/articles/${publishedSlug}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ slug: publishedSlug, author: { name: 'author' } });
    expect(page.body.htmlContent).toContain('<h2>Burr or blade</h2>');
    const etag = page.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    expect(page.headers.get('cache-control')).toContain('max-age');

    const again = await anonymous('GET', `/v1/public/articles/${publishedSlug}`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    // The draft-status article is not public.
    expect((await anonymous('GET', '/v1/public/articles/edge-coffee-notes')).status).toBe(404);
  });

  it('keeps concurrent requests of one isolate on their own database clients', async () => {
    const titles = Array.from({ length: 8 }, (_, index) => `Concurrent ${index}`);
    const created = await Promise.all(
      titles.map((title) => call('POST', '/v1/articles', { token: stranger.token, body: { title, content: title } })),
    );
    expect(created.map((response) => response.status)).toEqual(Array(8).fill(201));
    const rows = await stack.database.sql`select title from articles where user_id = ${stranger.id} order by title`;
    expect(rows.map((row) => row.title)).toEqual(titles);
  });

  it('deletes an article', async () => {
    expect((await call('DELETE', `/v1/articles/${articleId}`, { token: stranger.token })).status).toBe(404);
    expect((await call('DELETE', `/v1/articles/${articleId}`, { token: author.token })).status).toBe(204);
    expect((await call('GET', `/v1/articles/${articleId}`, { token: author.token })).status).toBe(404);
  });
});
