import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

const articlesOf = (userId: string) =>
  ctx.current.database.db.select().from(articles).where(eq(articles.userId, userId));

describe('POST /v1/drafts/{id}/publish', () => {
  it('builds the article from the draft, publishes it and deletes the draft', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: {},
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Brewing coffee at home',
      slug: 'brewing-coffee-at-home',
      status: 'PUBLISHED',
      content: '## Beans\n\nBuy **fresh** beans.\n\nGrind them just before brewing.\n\nSubscribe for more.',
      seoTitle: 'Home coffee guide',
      metaDescription: 'How to brew good coffee',
      focusKeyphrase: 'coffee',
      publishedAt: '2026-01-15T10:00:00.000Z',
    });
    expect(response.body.htmlContent).toContain('<h2>Beans</h2>');
    expect(response.body.htmlContent).toContain('<strong>fresh</strong>');
    expect(response.headers.get('location')).toBe(`/v1/articles/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('"1"');

    expect(await draftRow(ctx.current, draft.id)).toBeUndefined();
    const stored = await articlesOf(user.id);
    expect(stored.map((row) => row.id)).toEqual([response.body.id]);
    const gone = await call(ctx.current.app, 'GET', `/v1/drafts/${draft.id}`, { token: user.token });
    expect(gone.status).toBe(404);
    const publicPage = await call(ctx.current.app, 'GET', `/v1/public/articles/${response.body.slug}`);
    expect(publicPage.status).toBe(200);
    expect(publicPage.body.title).toBe('Brewing coffee at home');
  });

  it('keeps the draft unchanged with keepDraft, and honours status and slug', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user, { metadata: { seoTitle: 42 } });
    const before = await draftRow(ctx.current, draft.id);
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { keepDraft: true, status: 'DRAFT', slug: 'kept-draft-article' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      slug: 'kept-draft-article',
      status: 'DRAFT',
      publishedAt: null,
      seoTitle: null,
      metaDescription: null,
      focusKeyphrase: null,
    });
    expect(await draftRow(ctx.current, draft.id)).toEqual(before);
    const again = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { keepDraft: true },
    });
    expect(again.status).toBe(201);
    expect(again.body.slug).not.toBe('kept-draft-article');
    expect(await articlesOf(user.id)).toHaveLength(2);
  });

  it('answers 409 for an explicit slug that is taken and leaves the draft as it was', async () => {
    const owner = await createUser(ctx.current);
    const first = await createDraft(ctx.current, owner);
    await call(ctx.current.app, 'POST', `/v1/drafts/${first.draft.id}/publish`, {
      token: owner.token,
      body: { slug: 'taken-slug' },
    });
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const before = await draftRow(ctx.current, draft.id);
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { slug: 'taken-slug' },
    });
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([{ path: 'slug', message: expect.any(String) }]);
    expect(await draftRow(ctx.current, draft.id)).toEqual(before);
    expect(await articlesOf(user.id)).toEqual([]);
  });

  it('answers 412 for a stale If-Match and publishes nothing', async () => {
    const user = await createUser(ctx.current);
    const { draft, etag } = await createDraft(ctx.current, user);
    await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, { token: user.token, body: { title: 'Edited' } });
    const stale = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      headers: { 'if-match': etag },
      body: {},
    });
    expect(stale.status).toBe(412);
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ title: 'Edited', version: 2 });
    expect(await articlesOf(user.id)).toEqual([]);
    const current = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      headers: { 'if-match': '"2"' },
      body: {},
    });
    expect(current.status).toBe(201);
    expect(current.body.title).toBe('Edited');
  });

  it('answers 422 naming the draft field when the article would break the article rules', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user, { metadata: { metaDescription: 'd'.repeat(1001) } });
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: {},
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ path: 'metadata.metaDescription', message: expect.any(String) }]);
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ version: 1 });
    expect(await articlesOf(user.id)).toEqual([]);
  });

  it.each([
    ['an unknown field', { keep: true }, 'keep'],
    ['a bad status', { status: 'LIVE' }, 'status'],
    ['a slug that breaks the pattern', { slug: 'Not A Slug' }, 'slug'],
    ['keepDraft as a string', { keepDraft: 'yes' }, 'keepDraft'],
  ])('answers 400 for %s and changes nothing', async (_, body, path) => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, { token: user.token, body });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await draftRow(ctx.current, draft.id)).toBeDefined();
    expect(await articlesOf(user.id)).toEqual([]);
  });

  it('answers 404 for a missing draft, 400 for a malformed id and 401 without a token', async () => {
    const user = await createUser(ctx.current);
    const missing = await call(ctx.current.app, 'POST', `/v1/drafts/${crypto.randomUUID()}/publish`, {
      token: user.token,
      body: {},
    });
    expect(missing.status).toBe(404);
    const malformed = await call(ctx.current.app, 'POST', '/v1/drafts/123/publish', { token: user.token, body: {} });
    expect(malformed.status).toBe(400);
    const anonymous = await call(ctx.current.app, 'POST', `/v1/drafts/${crypto.randomUUID()}/publish`, { body: {} });
    expect(anonymous.status).toBe(401);
    expect(await articlesOf(user.id)).toEqual([]);
  });

  it('takes the defaults for a publish sent without a body, as for {}', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, { token: user.token });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('PUBLISHED');
    expect(await draftRow(ctx.current, draft.id)).toBeUndefined();
  });
});
