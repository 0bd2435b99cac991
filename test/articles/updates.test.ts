import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { articleRow, postArticle } from './articles.helpers.ts';

const ctx = useTestContext();

const patch = (token: string, id: string, body: unknown, headers: Record<string, string> = {}) =>
  call(ctx.current.app, 'PATCH', `/v1/articles/${id}`, { token, body, headers });

describe('PATCH /v1/articles/{id}', () => {
  it('re-renders content, bumps the version and the ETag, and keeps the slug when the title changes', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user, { title: 'Before', content: 'one two' });
    ctx.current.clock.advance(60_000);
    const response = await patch(user.token, created.id, { title: 'After', content: '## New\n\nthree four five' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body).toMatchObject({
      title: 'After',
      slug: created.slug,
      content: '## New\n\nthree four five',
      htmlContent: '<h2>New</h2>\n<p>three four five</p>\n',
      wordCount: 4,
      createdAt: created.createdAt,
      updatedAt: ctx.current.clock.now().toISOString(),
    });
    expect((await articleRow(ctx.current, created.id))?.version).toBe(2);
  });

  it('clears nullable fields with null', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user, { seoTitle: 'SEO' });
    const response = await patch(user.token, created.id, { seoTitle: null });
    expect(response.status).toBe(200);
    expect(response.body.seoTitle).toBeNull();
  });

  it.each([
    [{}, 'body'],
    [{ htmlContent: '<b>x</b>' }, 'htmlContent'],
    [{ title: '' }, 'title'],
    [{ status: 'GONE' }, 'status'],
    [{ slug: 'UPPER' }, 'slug'],
    [{ publishedAt: '2020-01-01T00:00:00.000Z' }, 'publishedAt'],
  ])('answers 400 for %j and changes nothing', async (body, path) => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const before = await articleRow(ctx.current, created.id);
    const response = await patch(user.token, created.id, body);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await articleRow(ctx.current, created.id)).toEqual(before);
  });

  it('changes the slug, and answers 409 for a slug another article has', async () => {
    const user = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    await postArticle(ctx.current, other, { title: 'Someone else', slug: 'taken-by-other' });
    const created = await postArticle(ctx.current, user, { title: 'Renamed later' });
    const renamed = await patch(user.token, created.id, { slug: 'brand-new-slug' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.slug).toBe('brand-new-slug');
    const taken = await patch(user.token, created.id, { slug: 'taken-by-other', title: 'Changed too' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].path).toBe('slug');
    const row = await articleRow(ctx.current, created.id);
    expect(row?.slug).toBe('brand-new-slug');
    expect(row?.title).toBe('Renamed later');
  });

  it('answers 404 for an unknown article', async () => {
    const user = await createUser(ctx.current);
    const response = await patch(user.token, '00000000-0000-4000-8000-000000000000', { title: 'x' });
    expect(response.status).toBe(404);
  });
});

describe('If-Match', () => {
  it('applies the change when it names the current version', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const response = await patch(user.token, created.id, { title: 'Matched' }, { 'if-match': '"1"' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
  });

  it.each(['"7"', 'garbage', 'W/"1"'])('answers 412 for %s and changes nothing', async (ifMatch) => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    await patch(user.token, created.id, { title: 'Second version' });
    const before = await articleRow(ctx.current, created.id);
    const stale = await patch(user.token, created.id, { title: 'Lost update' }, { 'if-match': ifMatch });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(await articleRow(ctx.current, created.id)).toEqual(before);
  });

  it('answers 412 to the old ETag once another tab saved', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const first = await patch(user.token, created.id, { title: 'Tab one' }, { 'if-match': '"1"' });
    const second = await patch(user.token, created.id, { title: 'Tab two' }, { 'if-match': '"1"' });
    expect([first.status, second.status]).toEqual([200, 412]);
    expect((await articleRow(ctx.current, created.id))?.title).toBe('Tab one');
  });

  it('lets exactly one of two concurrent PATCHes with one If-Match through', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const answers = await Promise.all(
      ['Tab A', 'Tab B'].map((title) => patch(user.token, created.id, { title }, { 'if-match': '"1"' })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const winner = answers.find((answer) => answer.status === 200);
    const row = await articleRow(ctx.current, created.id);
    expect(row?.title).toBe(winner?.body.title);
    expect(row?.version).toBe(2);
  });

  it('applies every concurrent PATCH without If-Match, one version each', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, index) => patch(user.token, created.id, { seoTitle: `seo ${index}` })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await articleRow(ctx.current, created.id))?.version).toBe(6);
  });
});

describe('publishedAt', () => {
  it('is set the first time the status becomes PUBLISHED and kept through archive and re-publish', async () => {
    const user = await createUser(ctx.current);
    const created = await postArticle(ctx.current, user);
    expect(created.publishedAt).toBeNull();

    ctx.current.clock.advance(1000);
    const firstPublish = ctx.current.clock.now().toISOString();
    const published = await patch(user.token, created.id, { status: 'PUBLISHED' });
    expect(published.body.publishedAt).toBe(firstPublish);

    ctx.current.clock.advance(1000);
    const edited = await patch(user.token, created.id, { title: 'Edited while published' });
    expect(edited.body.publishedAt).toBe(firstPublish);

    ctx.current.clock.advance(1000);
    const archived = await patch(user.token, created.id, { status: 'ARCHIVED' });
    expect(archived.body).toMatchObject({ status: 'ARCHIVED', publishedAt: firstPublish });

    ctx.current.clock.advance(1000);
    const republished = await patch(user.token, created.id, { status: 'PUBLISHED' });
    expect(republished.body).toMatchObject({ status: 'PUBLISHED', publishedAt: firstPublish });

    const back = await patch(user.token, created.id, { status: 'DRAFT' });
    expect(back.body.publishedAt).toBe(firstPublish);
  });
});
