import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import { createDraft } from '../drafts/draft-fixtures.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { postArticle } from './articles.helpers.ts';

const ctx = useTestContext();

const titles = async (user: TestUser, query = '') => {
  const response = await call(ctx.current.app, 'GET', `/v1/articles${query}`, { token: user.token });
  expect(response.status).toBe(200);
  return response.body.data.map((item: { title: string }) => item.title) as string[];
};
const retitleBehindTheApi = (id: string, title: string) =>
  ctx.current.database.db.update(articles).set({ title }).where(eq(articles.id, id));

describe('the cached owner’s article list', () => {
  it('is served from the cache while nothing changed through the API, per user and per query', async () => {
    const user = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    const mine = await postArticle(ctx.current, user, { title: 'Cached mine' });
    await postArticle(ctx.current, other, { title: 'Cached theirs' });
    expect(await titles(user)).toEqual(['Cached mine']);
    expect(await titles(other)).toEqual(['Cached theirs']);

    await retitleBehindTheApi(mine.id, 'Changed directly');
    expect(await titles(user)).toEqual(['Cached mine']);
    // Another query is another page; a search is never cached.
    expect(await titles(user, '?limit=5')).toEqual(['Changed directly']);
    expect(await titles(user, '?q=cached')).toEqual([]);
    expect(await titles(other)).toEqual(['Cached theirs']);
  });

  it('shows a create, an update, a delete and a draft publication as soon as the write returned', async () => {
    const user = await createUser(ctx.current);
    ctx.current.clock.advance(1000);
    const first = await postArticle(ctx.current, user, { title: 'Warm first' });
    expect(await titles(user)).toEqual(['Warm first']);

    ctx.current.clock.advance(1000);
    const second = await postArticle(ctx.current, user, { title: 'Warm second' });
    expect(await titles(user)).toEqual(['Warm second', 'Warm first']);

    const patched = await call(ctx.current.app, 'PATCH', `/v1/articles/${first.id}`, {
      token: user.token,
      body: { title: 'Warm first, renamed' },
    });
    expect(patched.status).toBe(200);
    expect(await titles(user)).toEqual(['Warm second', 'Warm first, renamed']);

    expect((await call(ctx.current.app, 'DELETE', `/v1/articles/${second.id}`, { token: user.token })).status).toBe(
      204,
    );
    expect(await titles(user)).toEqual(['Warm first, renamed']);

    ctx.current.clock.advance(1000);
    const { draft } = await createDraft(ctx.current, user);
    const published = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: {},
    });
    expect(published.status).toBe(201);
    expect(await titles(user)).toEqual([published.body.title, 'Warm first, renamed']);
  });

  it('answers an empty cursor 400 even while the first page is cached', async () => {
    const user = await createUser(ctx.current);
    await postArticle(ctx.current, user, { title: 'Empty cursor' });
    expect(await titles(user)).toEqual(['Empty cursor']);
    const response = await call(ctx.current.app, 'GET', '/v1/articles?cursor=', { token: user.token });
    expect(response.status).toBe(400);
  });
});
