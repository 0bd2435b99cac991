import { describe, expect, it } from 'vitest';
import { insertArticle } from '../../src/modules/articles/articles.service.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { articleRow, countArticles, postArticle } from './articles.helpers.ts';

const ctx = useTestContext();
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('slugs', () => {
  it('transliterates accents and other scripts', async () => {
    const user = await createUser(ctx.current);
    expect((await postArticle(ctx.current, user, { title: 'Crème Brûlée à la Française' })).slug).toBe(
      'creme-brulee-a-la-francaise',
    );
    expect((await postArticle(ctx.current, user, { title: 'Ærøskøbing Straße' })).slug).toBe('aeroskobing-strasse');
    expect((await postArticle(ctx.current, user, { title: 'Привет мир' })).slug).toBe('privet-mir');
  });

  it('suffixes a generated slug that is taken, also by another user', async () => {
    const first = await createUser(ctx.current);
    const second = await createUser(ctx.current);
    const a = await postArticle(ctx.current, first, { title: 'Shared Title' });
    const b = await postArticle(ctx.current, second, { title: 'Shared Title' });
    expect(a.slug).toBe('shared-title');
    expect(b.slug).toMatch(/^shared-title-[a-z0-9]{6}$/);
  });

  it('falls back to "article" for a title without letters or digits', async () => {
    const user = await createUser(ctx.current);
    const slugs = [
      (await postArticle(ctx.current, user, { title: '!!!' })).slug,
      (await postArticle(ctx.current, user, { title: '中文标题' })).slug,
    ];
    expect(slugs).toContain('article');
    for (const slug of slugs) expect(slug).toMatch(/^article(-[a-z0-9]{6})?$/);
    expect(new Set(slugs).size).toBe(2);
  });

  it('keeps slugs of long titles within 80 characters, suffix included', async () => {
    const user = await createUser(ctx.current);
    const title = `${'Extraordinarily long words '.repeat(8)}end`;
    const first = await postArticle(ctx.current, user, { title });
    const second = await postArticle(ctx.current, user, { title });
    for (const { slug } of [first, second]) {
      expect(slug.length).toBeLessThanOrEqual(80);
      expect(slug).toMatch(SLUG);
    }
    expect(second.slug).not.toBe(first.slug);
  });

  it('gives 20 concurrent creates with one title 20 distinct valid slugs', async () => {
    const user = await createUser(ctx.current);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(ctx.current.app, 'POST', '/v1/articles', {
          token: user.token,
          body: { title: 'Racing Título', content: 'x' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const slugs = answers.map((answer) => answer.body.slug as string);
    expect(new Set(slugs).size).toBe(20);
    expect(slugs).toContain('racing-titulo');
    for (const slug of slugs) {
      expect(slug).toMatch(SLUG);
      expect(slug.length).toBeLessThanOrEqual(80);
    }
  });

  it('answers 409 for an explicit slug that is taken, across users, and creates nothing', async () => {
    const owner = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    await postArticle(ctx.current, owner, { slug: 'my-explicit-slug' });
    const before = await countArticles(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/articles', {
      token: other.token,
      body: { title: 'Anything', content: 'x', slug: 'my-explicit-slug' },
    });
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([{ path: 'slug', message: expect.any(String) }]);
    expect(await countArticles(ctx.current)).toBe(before);
  });

  it('uses an explicit free slug as given', async () => {
    const user = await createUser(ctx.current);
    expect((await postArticle(ctx.current, user, { title: 'Whatever', slug: 'chosen-1' })).slug).toBe('chosen-1');
  });
});

// These write below the content writer on purpose: no cache is involved.
const untracked = { publicPages: () => {} };

describe('insertArticle inside a caller’s transaction', () => {
  it('retries a taken slug without aborting the transaction', async () => {
    const user = await createUser(ctx.current);
    await postArticle(ctx.current, user, { title: 'Tx Title' });
    const { db } = ctx.current.database;
    const inserted = await db.transaction(async (tx) => {
      const row = await insertArticle(tx, untracked, ctx.current.clock, user.id, {
        title: 'Tx Title',
        content: '# From a draft',
        status: 'PUBLISHED',
      });
      // The transaction is still usable after the slug conflict.
      await insertArticle(tx, untracked, ctx.current.clock, user.id, { title: 'Tx Second', content: 'x' });
      return row;
    });
    expect(inserted.slug).toMatch(/^tx-title-[a-z0-9]{6}$/);
    expect(inserted.htmlContent).toBe('<h1>From a draft</h1>\n');
    expect(inserted.publishedAt?.toISOString()).toBe(ctx.current.clock.now().toISOString());
    expect(await articleRow(ctx.current, inserted.id)).toBeDefined();
  });

  it('throws 409 for a taken explicit slug and leaves the transaction usable for a rollback', async () => {
    const user = await createUser(ctx.current);
    await postArticle(ctx.current, user, { slug: 'tx-explicit' });
    const before = await countArticles(ctx.current);
    const attempt = ctx.current.database.db.transaction(async (tx) => {
      await insertArticle(tx, untracked, ctx.current.clock, user.id, { title: 'first', content: 'x' });
      await insertArticle(tx, untracked, ctx.current.clock, user.id, {
        title: 'second',
        content: 'x',
        slug: 'tx-explicit',
      });
    });
    await expect(attempt).rejects.toMatchObject({ status: 409 });
    expect(await countArticles(ctx.current)).toBe(before);
  });
});
