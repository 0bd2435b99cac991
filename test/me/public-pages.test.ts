import { describe, expect, it } from 'vitest';
import { postArticle } from '../articles/articles.helpers.ts';
import { login, RELAXED_LIMITS, register } from '../auth/helpers.ts';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

// The author's name is on every public page of their articles, which are cached for minutes.
const ctx = useTestContext({ env: RELAXED_LIMITS });

async function authorWithPublishedArticles(name: string) {
  const user = await register(ctx.current, { name });
  const signed = { ...user, name, token: await login(ctx.current, user.email, user.password) };
  const slugs: string[] = [];
  for (const title of ['First page', 'Second page']) {
    const article = await postArticle(ctx.current, signed, {
      title,
      slug: `${title.toLowerCase().replace(' ', '-')}-${crypto.randomUUID().slice(0, 8)}`,
      status: 'PUBLISHED',
    });
    slugs.push(article.slug);
  }
  // Warm the cache: every page is read once before the change.
  for (const slug of slugs) {
    const page = await call(ctx.current.app, 'GET', `/v1/public/articles/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.author.name).toBe(name);
  }
  return { user: signed, slugs };
}

describe('public pages after an account change', () => {
  it('show the new name as soon as PATCH /v1/me answered', async () => {
    const { user, slugs } = await authorWithPublishedArticles('Old Name');
    const before = await call(ctx.current.app, 'GET', `/v1/public/articles/${slugs[0]}`);
    const renamed = await call(ctx.current.app, 'PATCH', '/v1/me', { token: user.token, body: { name: 'New Name' } });
    expect(renamed.status).toBe(200);
    for (const slug of slugs) {
      const page = await call(ctx.current.app, 'GET', `/v1/public/articles/${slug}`);
      expect(page.status).toBe(200);
      expect(page.body.author.name).toBe('New Name');
    }
    // A client holding the old ETag gets the new page, not a 304.
    const conditional = await call(ctx.current.app, 'GET', `/v1/public/articles/${slugs[0]}`, {
      headers: { 'If-None-Match': before.headers.get('etag') ?? '' },
    });
    expect(conditional.status).toBe(200);
  });

  it('are 404 as soon as DELETE /v1/me answered', async () => {
    const { user, slugs } = await authorWithPublishedArticles('Leaving');
    const deleted = await call(ctx.current.app, 'DELETE', '/v1/me', {
      token: user.token,
      body: { password: user.password },
    });
    expect(deleted.status).toBe(204);
    for (const slug of slugs) {
      expect((await call(ctx.current.app, 'GET', `/v1/public/articles/${slug}`)).status).toBe(404);
    }
  });

  it('stay cached and unchanged after a DELETE /v1/me with a wrong password', async () => {
    const { user, slugs } = await authorWithPublishedArticles('Staying');
    const refused = await call(ctx.current.app, 'DELETE', '/v1/me', {
      token: user.token,
      body: { password: 'wrong one' },
    });
    expect(refused.status).toBe(403);
    expect((await call(ctx.current.app, 'GET', `/v1/public/articles/${slugs[0]}`)).body.author.name).toBe('Staying');
  });
});
