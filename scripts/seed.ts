/**
 * `npm run db:seed`: a demo user (demo@finity.dev) with articles (two published), drafts with
 * sections, media, research and settings, in the database the app uses (DATABASE_URL, else the
 * embedded PGlite under DATA_DIR; stop a running server first: a PGlite data directory is for one process at a time).
 * Runs any number of times: whatever is already there (by email, slug, title, prompt, query) is kept.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { articles, drafts, mediaAssets, researchQueries, settings, users } from '../drizzle/index.ts';
import { hashPassword, type PasswordHashParams } from '../src/crypto/password.ts';
import type { Database, DatabaseHandle, Executor } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { rowsOf } from '../src/db/rows.ts';
import { insertArticle } from '../src/modules/articles/articles.service.ts';
import { normalizeResearchQuery } from '../src/modules/research-queries/normalize.ts';
import { DEMO_USER, SEED_ARTICLES, SEED_DRAFTS, SEED_MEDIA, SEED_RESEARCH, SEED_SETTINGS } from './seed-data.ts';

export interface SeedReport {
  userId: string;
  created: Record<'user' | 'articles' | 'drafts' | 'media' | 'research' | 'settings', number>;
}

const DAY_MS = 86_400_000;
const daysAgo = (now: number, days: number) => new Date(now - days * DAY_MS);

const untracked = { publicPages: () => {} };

async function ensureUser(tx: Executor, params?: PasswordHashParams): Promise<[string, boolean]> {
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${DEMO_USER.email})`);
  if (existing) return [existing.id, false];
  const passwordHash = await hashPassword(DEMO_USER.password, params);
  const [row] = await tx
    .insert(users)
    .values({ email: DEMO_USER.email, name: DEMO_USER.name, passwordHash, emailVerified: true })
    .returning({ id: users.id });
  if (!row) throw new Error('the user insert returned no row');
  return [row.id, true];
}

/** Inserts what is missing of the demo data; returns how many rows of each kind it created. */
export async function seedDemoData(db: Database, options: { passwordHashParams?: PasswordHashParams } = {}) {
  const now = Date.now();
  return db.transaction(async (tx): Promise<SeedReport> => {
    const [userId, userCreated] = await ensureUser(tx, options.passwordHashParams);
    const created: SeedReport['created'] = {
      user: userCreated ? 1 : 0,
      articles: 0,
      drafts: 0,
      media: 0,
      research: 0,
      settings: 0,
    };

    const articleIds = new Map<string, string>();
    for (const article of SEED_ARTICLES) {
      const [present] = await tx
        .select({ id: articles.id, userId: articles.userId })
        .from(articles)
        .where(eq(articles.slug, article.slug));
      if (present) {
        if (present.userId === userId) articleIds.set(article.slug, present.id);
        continue;
      }
      const { daysAgo: age, ...input } = article;
      // Below the content writer: a seed runs before the server (and its caches) do.
      const row = await insertArticle(tx, untracked, { now: () => daysAgo(now, age) }, userId, input);
      articleIds.set(article.slug, row.id);
      created.articles++;
    }

    for (const [index, draft] of SEED_DRAFTS.entries()) {
      const [present] = await tx
        .select({ id: drafts.id })
        .from(drafts)
        .where(and(eq(drafts.userId, userId), eq(drafts.title, draft.title)));
      if (present) continue;
      const at = daysAgo(now, index + 1);
      await tx.insert(drafts).values({ ...draft, userId, createdAt: at, updatedAt: at });
      created.drafts++;
    }

    for (const [index, media] of SEED_MEDIA.entries()) {
      const [present] = await tx
        .select({ id: mediaAssets.id })
        .from(mediaAssets)
        .where(and(eq(mediaAssets.userId, userId), eq(mediaAssets.prompt, media.prompt)));
      if (present) continue;
      const { articleSlug, ...values } = media;
      const articleId = articleSlug ? (articleIds.get(articleSlug) ?? null) : null;
      await tx.insert(mediaAssets).values({ ...values, userId, articleId, createdAt: daysAgo(now, 20 - index) });
      created.media++;
    }

    for (const [index, research] of SEED_RESEARCH.entries()) {
      const normalizedQuery = normalizeResearchQuery(research.query);
      const [present] = await tx
        .select({ id: researchQueries.id })
        .from(researchQueries)
        .where(and(eq(researchQueries.userId, userId), eq(researchQueries.normalizedQuery, normalizedQuery)));
      if (present) continue;
      await tx
        .insert(researchQueries)
        .values({ ...research, userId, normalizedQuery, createdAt: daysAgo(now, 10 - index) });
      created.research++;
    }

    const inserted = await tx
      .insert(settings)
      .values({ ...SEED_SETTINGS, userId })
      .onConflictDoNothing({ target: settings.userId })
      .returning({ id: settings.id });
    created.settings = inserted.length;
    return { userId, created };
  });
}

async function openTarget(): Promise<[DatabaseHandle, string]> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const handle = openPostgres({ url, poolMax: 1 });
    const [{ present } = { present: false }] = await rowsOf<{ present: boolean }>(
      handle.db,
      sql`select to_regclass('public.users') is not null as present`,
    );
    if (!present) {
      await handle.close();
      throw new Error('the database has no tables yet: run `npm run db:migrate` first');
    }
    return [handle, `PostgreSQL ${new URL(url).host}${new URL(url).pathname}`];
  }
  const dir = join(process.env.DATA_DIR || './.data', 'pglite');
  const { openPglite } = await import('../src/db/pglite.ts');
  return [await openPglite(dir), `embedded PGlite at ${dir}`];
}

async function main() {
  // A known password on a production database would be an open door.
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to seed demo data with NODE_ENV=production');
  const [handle, target] = await openTarget();
  try {
    const { userId, created } = await seedDemoData(handle.db);
    const made = Object.entries(created).filter(([, count]) => count > 0);
    console.log(
      made.length === 0
        ? `db:seed: ${target} already has the demo data (user ${userId}); nothing to add.`
        : `db:seed: ${target}: created ${made.map(([kind, count]) => `${count} ${kind}`).join(', ')}.`,
    );
    console.log(`Sign in as ${DEMO_USER.email} / ${DEMO_USER.password} (POST /v1/auth/login).`);
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
