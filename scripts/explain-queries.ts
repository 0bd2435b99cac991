/**
 * The one list of queries `db:explain` and test/explain check: each case calls the application's own
 * repository, so the SQL explained is exactly the SQL the API runs (captured from Drizzle's logger).
 */
import type { Sql } from 'postgres';
import type { Cursor } from '../src/db/cursor.ts';
import type { Executor } from '../src/db/database.ts';
import { createApiKeysRepository } from '../src/modules/api-keys/api-keys.repository.ts';
import { createArticlesRepository } from '../src/modules/articles/articles.repository.ts';
import { createUsersRepository } from '../src/modules/auth/users.repository.ts';
import { createDraftsRepository } from '../src/modules/drafts/drafts.repository.ts';
import { createMediaAssetsRepository } from '../src/modules/media-assets/media-assets.repository.ts';
import { createPublicArticlesRepository } from '../src/modules/public-articles/public-articles.repository.ts';
import { normalizeResearchQuery } from '../src/modules/research-queries/normalize.ts';
import { createResearchQueriesRepository } from '../src/modules/research-queries/research-queries.repository.ts';
import { createSettingsRepository } from '../src/modules/settings/settings.repository.ts';

/** Real values from the generated data: one typical user, and positions halfway down each list. */
export interface Samples {
  userId: string;
  email: string;
  emailTokenHash: string;
  articleCursor: Cursor;
  publishedSlug: string;
  feedCursor: Cursor;
  draftCursor: Cursor;
  mediaArticleId: string;
  mediaCursor: Cursor;
  researchQuery: string;
  researchCursor: Cursor;
}

export interface ExplainCase {
  name: string;
  run(db: Executor, samples: Samples): Promise<unknown>;
}

const page = 20;

export const EXPLAIN_CASES: ExplainCase[] = [
  { name: 'articles: owner list', run: (db, s) => createArticlesRepository(db).list(s.userId, { limit: page }) },
  {
    name: 'articles: owner list, status=PUBLISHED',
    run: (db, s) => createArticlesRepository(db).list(s.userId, { status: 'PUBLISHED', limit: page }),
  },
  {
    name: 'articles: owner list, deep cursor',
    run: (db, s) => createArticlesRepository(db).list(s.userId, { cursor: s.articleCursor, limit: page }),
  },
  {
    name: 'articles: owner full-text search q',
    run: (db, s) => createArticlesRepository(db).list(s.userId, { q: 'postgres checklist', limit: page }),
  },
  {
    name: 'articles: owner search q + status',
    run: (db, s) => createArticlesRepository(db).list(s.userId, { q: 'guide', status: 'DRAFT', limit: page }),
  },
  { name: 'public: feed first page', run: (db) => createPublicArticlesRepository(db).listPublished(undefined, page) },
  {
    name: 'public: feed deep cursor',
    run: (db, s) => createPublicArticlesRepository(db).listPublished(s.feedCursor, page),
  },
  {
    name: 'public: article by slug',
    run: (db, s) => createPublicArticlesRepository(db).findPublishedBySlug(s.publishedSlug),
  },
  { name: 'drafts: list', run: (db, s) => createDraftsRepository(db).list(s.userId, page, undefined) },
  { name: 'drafts: list, deep cursor', run: (db, s) => createDraftsRepository(db).list(s.userId, page, s.draftCursor) },
  { name: 'media: list', run: (db, s) => createMediaAssetsRepository(db).list(s.userId, { limit: page }) },
  {
    name: 'media: list, type',
    run: (db, s) => createMediaAssetsRepository(db).list(s.userId, { type: 'VIDEO', limit: page }),
  },
  {
    name: 'media: list, articleId',
    run: (db, s) => createMediaAssetsRepository(db).list(s.userId, { articleId: s.mediaArticleId, limit: page }),
  },
  {
    name: 'media: list, type + articleId',
    run: (db, s) =>
      createMediaAssetsRepository(db).list(s.userId, { type: 'IMAGE', articleId: s.mediaArticleId, limit: page }),
  },
  {
    name: 'media: list, deep cursor',
    run: (db, s) => createMediaAssetsRepository(db).list(s.userId, { cursor: s.mediaCursor, limit: page }),
  },
  { name: 'research: list', run: (db, s) => createResearchQueriesRepository(db).list(s.userId, { limit: page }) },
  {
    name: 'research: list, q substring',
    run: (db, s) => createResearchQueriesRepository(db).list(s.userId, { contains: 'topic 1', limit: page }),
  },
  {
    name: 'research: list, deep cursor',
    run: (db, s) => createResearchQueriesRepository(db).list(s.userId, { cursor: s.researchCursor, limit: page }),
  },
  {
    name: 'research: lookup latest result',
    run: (db, s) => createResearchQueriesRepository(db).latestResult(s.userId, normalizeResearchQuery(s.researchQuery)),
  },
  { name: 'auth: login by email', run: (db, s) => createUsersRepository(db).findByEmail(s.email.toUpperCase()) },
  {
    name: 'auth: verify by token hash',
    run: (db, s) => createUsersRepository(db).consumeEmailToken(s.emailTokenHash, new Date()),
  },
  { name: 'api keys: list', run: (db, s) => createApiKeysRepository(db).list(s.userId) },
  { name: 'settings: read', run: (db, s) => createSettingsRepository(db).findOrCreate(s.userId) },
];

type Position = { at: Date; id: string };
const position = (row: { at: Date | string; id: string } | undefined): Position => {
  if (!row) throw new Error('the dataset has no row for a sample position');
  return { at: new Date(row.at), id: row.id };
};

/** Picks the samples with plain SQL (not the code under test). */
export async function pickSamples(sql: Sql): Promise<Samples> {
  const [user] = await sql<{ id: string; email: string }[]>`
    SELECT id, email FROM users WHERE email = 'user42@example.test'`;
  if (!user) throw new Error('sample user missing');
  const [token] = await sql<
    { hash: string }[]
  >`SELECT email_token AS hash FROM users WHERE email_token IS NOT NULL LIMIT 1`;
  const [article] = await sql<{ at: Date; id: string }[]>`
    SELECT created_at AS at, id FROM articles WHERE user_id = ${user.id}
    ORDER BY created_at DESC, id DESC OFFSET (SELECT count(*) / 2 FROM articles WHERE user_id = ${user.id}) LIMIT 1`;
  const [published] = await sql<{ slug: string }[]>`
    SELECT slug FROM articles WHERE status = 'PUBLISHED' ORDER BY slug DESC LIMIT 1`;
  const [feed] = await sql<{ at: Date; id: string }[]>`
    SELECT published_at AS at, id FROM articles WHERE status = 'PUBLISHED'
    ORDER BY published_at DESC, id DESC OFFSET (SELECT count(*) / 2 FROM articles WHERE status = 'PUBLISHED') LIMIT 1`;
  const [draft] = await sql<{ at: Date; id: string }[]>`
    SELECT updated_at AS at, id FROM drafts WHERE user_id = ${user.id} ORDER BY updated_at DESC, id DESC
    OFFSET (SELECT count(*) / 2 FROM drafts WHERE user_id = ${user.id}) LIMIT 1`;
  const [media] = await sql<{ at: Date; id: string; articleId: string }[]>`
    SELECT created_at AS at, id, article_id AS "articleId" FROM media_assets
    WHERE user_id = ${user.id} AND article_id IS NOT NULL ORDER BY created_at DESC, id DESC
    OFFSET (SELECT count(*) / 2 FROM media_assets WHERE user_id = ${user.id} AND article_id IS NOT NULL) LIMIT 1`;
  const [research] = await sql<{ at: Date; id: string; query: string }[]>`
    SELECT created_at AS at, id, query FROM research_queries WHERE user_id = ${user.id}
    ORDER BY created_at DESC, id DESC OFFSET (SELECT count(*) / 2 FROM research_queries WHERE user_id = ${user.id}) LIMIT 1`;
  if (!token || !published || !media || !research) throw new Error('the dataset is missing sample rows');
  return {
    userId: user.id,
    email: user.email,
    emailTokenHash: token.hash,
    articleCursor: position(article),
    publishedSlug: published.slug,
    feedCursor: position(feed),
    draftCursor: position(draft),
    mediaArticleId: media.articleId,
    mediaCursor: position(media),
    researchQuery: `  ${research.query.toUpperCase()} `,
    researchCursor: position(research),
  };
}
