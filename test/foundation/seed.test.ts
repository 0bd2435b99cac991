import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles, drafts, mediaAssets, researchQueries, settings, users } from '../../drizzle/index.ts';
import { seedDemoData } from '../../scripts/seed.ts';
import { DEMO_USER, SEED_ARTICLES, SEED_DRAFTS, SEED_MEDIA, SEED_RESEARCH } from '../../scripts/seed-data.ts';
import { TEST_PASSWORD_HASH_PARAMS, verifyPassword } from '../../src/crypto/password.ts';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();
const seed = () => seedDemoData(ctx.current.database.db, { passwordHashParams: TEST_PASSWORD_HASH_PARAMS });

async function countsFor(userId: string) {
  const db = ctx.current.database.db;
  const of = async (
    table: typeof articles | typeof drafts | typeof mediaAssets | typeof researchQueries | typeof settings,
  ) => {
    const [row] = await db.select({ n: count() }).from(table).where(eq(table.userId, userId));
    return row?.n ?? 0;
  };
  return {
    articles: await of(articles),
    drafts: await of(drafts),
    media: await of(mediaAssets),
    research: await of(researchQueries),
    settings: await of(settings),
  };
}

describe('db:seed', () => {
  it('creates the demo user with articles, drafts, media, research and settings', async () => {
    const report = await seed();
    expect(report.created).toEqual({
      user: 1,
      articles: SEED_ARTICLES.length,
      drafts: SEED_DRAFTS.length,
      media: SEED_MEDIA.length,
      research: SEED_RESEARCH.length,
      settings: 1,
    });
    expect(await countsFor(report.userId)).toEqual({
      articles: SEED_ARTICLES.length,
      drafts: SEED_DRAFTS.length,
      media: SEED_MEDIA.length,
      research: SEED_RESEARCH.length,
      settings: 1,
    });
    const [user] = await ctx.current.database.db.select().from(users).where(eq(users.id, report.userId));
    expect(user).toMatchObject({ email: DEMO_USER.email, emailVerified: true });
    expect(await verifyPassword(DEMO_USER.password, user?.passwordHash ?? '')).toBe(true);
  });

  it('renders articles like the API does, with some published', async () => {
    const rows = await ctx.current.database.db.select().from(articles);
    const published = rows.filter((row) => row.status === 'PUBLISHED');
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const row of published) expect(row.publishedAt).toBeInstanceOf(Date);
    for (const row of rows) {
      expect(row.htmlContent).toContain('<p>');
      expect(row.wordCount).toBeGreaterThan(20);
    }
    const seo = rows.find((row) => row.slug === 'technical-seo-checklist-2026');
    expect(seo?.htmlContent).toContain('<h2>Crawlability first</h2>');
    const [attached] = await ctx.current.database.db
      .select({ n: count() })
      .from(mediaAssets)
      .where(sql`${mediaAssets.articleId} is not null`);
    expect(attached?.n).toBe(2);
  });

  it('serves the seeded data through the API: login, lists and the public feed', async () => {
    const { app } = ctx.current;
    const login = await call(app, 'POST', '/v1/auth/login', {
      body: { email: DEMO_USER.email, password: DEMO_USER.password },
    });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    for (const [path, expected] of [
      ['/v1/articles', SEED_ARTICLES.length],
      ['/v1/drafts', SEED_DRAFTS.length],
      ['/v1/media-assets', SEED_MEDIA.length],
      ['/v1/research-queries', SEED_RESEARCH.length],
    ] as const) {
      const list = await call(app, 'GET', path, { token });
      expect(list.status, path).toBe(200);
      expect(list.body.data, path).toHaveLength(expected);
    }
    const feed = await call(app, 'GET', '/v1/public/articles');
    expect(feed.status).toBe(200);
    expect(feed.body.data.map((article: { slug: string }) => article.slug).sort()).toEqual(
      SEED_ARTICLES.filter((article) => article.status === 'PUBLISHED')
        .map((article) => article.slug)
        .sort(),
    );
    const settingsResponse = await call(app, 'GET', '/v1/settings', { token });
    expect(settingsResponse.body).toMatchObject({ defaultProvider: 'ANTHROPIC' });
  });

  it('runs a second time without failing or duplicating anything', async () => {
    const before = await seed();
    const again = await seed();
    expect(again.userId).toBe(before.userId);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);
    expect(await countsFor(again.userId)).toMatchObject({ articles: SEED_ARTICLES.length, settings: 1 });
  });

  it('restores what was deleted and keeps what the user changed', async () => {
    const { userId } = await seed();
    const db = ctx.current.database.db;
    await db.delete(drafts).where(eq(drafts.userId, userId));
    await db.update(settings).set({ focusKeyphrase: 'changed by the user' }).where(eq(settings.userId, userId));
    const report = await seed();
    expect(report.created).toMatchObject({ drafts: SEED_DRAFTS.length, settings: 0, articles: 0 });
    const [row] = await db.select().from(settings).where(eq(settings.userId, userId));
    expect(row?.focusKeyphrase).toBe('changed by the user');
  });
});
