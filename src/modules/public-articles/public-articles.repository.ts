import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { articles, users } from '../../../drizzle/index.ts';
import { batchPerTurn } from '../../db/batch.ts';
import type { Cursor } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';
import { onFirstUse } from '../../db/prepared.ts';
import { textArrayLiteral } from '../../db/sql-arrays.ts';

const summaryColumns = {
  id: articles.id,
  title: articles.title,
  slug: articles.slug,
  seoTitle: articles.seoTitle,
  metaDescription: articles.metaDescription,
  wordCount: articles.wordCount,
  publishedAt: articles.publishedAt,
};

export interface PublishedSummaryRow {
  id: string;
  title: string;
  slug: string;
  seoTitle: string | null;
  metaDescription: string | null;
  wordCount: number;
  publishedAt: Date | null;
}

export interface PublishedArticleRow extends PublishedSummaryRow {
  focusKeyphrase: string | null;
  htmlContent: string;
  version: number;
  authorName: string | null;
  /** Moves on every change of the author's row, so the ETag follows their name too. */
  authorUpdatedAt: Date;
}

const limitPlaceholder = sql.placeholder('limit');

/**
 * The two public reads are the hot path: their statements are built on first use and run as
 * server-side prepared statements (parsed and planned once per connection), not rebuilt per request.
 * Timestamps are bound as ISO strings (see RUNTIME-NOTES: a Date placeholder skips the encoder).
 */
function prepareStatements(db: Executor) {
  const published = and(eq(articles.status, 'PUBLISHED'), isNotNull(articles.publishedAt));
  const feed = (after?: SQL) =>
    db
      .select(summaryColumns)
      .from(articles)
      .where(after ? and(published, after) : published)
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(limitPlaceholder);
  const articleBy = (slugIs: SQL) =>
    db
      .select({
        ...summaryColumns,
        focusKeyphrase: articles.focusKeyphrase,
        htmlContent: articles.htmlContent,
        version: articles.version,
        authorName: users.name,
        authorUpdatedAt: users.updatedAt,
      })
      .from(articles)
      .innerJoin(users, eq(users.id, articles.userId))
      .where(and(slugIs, published));
  return {
    firstPage: feed().prepare('public_feed_first_page'),
    nextPage: feed(
      sql`(${articles.publishedAt}, ${articles.id}) < (${sql.placeholder('at')}::timestamptz, ${sql.placeholder('id')}::uuid)`,
    ).prepare('public_feed_next_page'),
    bySlug: articleBy(sql`${articles.slug} = ${sql.placeholder('slug')}`).prepare('public_article_by_slug'),
    bySlugs: articleBy(sql`${articles.slug} = any(${sql.placeholder('slugs')}::text[])`).prepare(
      'public_articles_by_slugs',
    ),
  };
}

/**
 * Reads for anyone: deliberately not scoped to a user, and only ever PUBLISHED rows. Build one per
 * database and keep it: it holds the prepared statements and the per-turn batch of slug lookups.
 */
export function createPublicArticlesRepository(db: Executor) {
  const statements = onFirstUse(() => prepareStatements(db));
  // The cold reads of different articles that arrive in one turn of the event loop are one statement
  // (`slug = any($1)` on the unique slug index) instead of a round trip each; at most 12 slugs a
  // statement, and a lone slug by the plain `slug = $1`, which costs PostgreSQL less
  // (docs/performance.md: a larger batch saves PostgreSQL work but lengthens the tail).
  const findBySlug = batchPerTurn(
    async (slugs: string[]) => {
      const rows =
        slugs.length === 1
          ? await statements().bySlug.execute({ slug: slugs[0] })
          : await statements().bySlugs.execute({ slugs: textArrayLiteral(slugs) });
      return new Map(rows.map((row) => [row.slug, row]));
    },
    { maxBatchSize: 12 },
  );
  return {
    /** Newest publication first, on the `(status, published_at DESC, id DESC)` index. */
    async listPublished(cursor: Cursor | undefined, limit: number): Promise<PublishedSummaryRow[]> {
      return cursor
        ? statements().nextPage.execute({ at: cursor.at.toISOString(), id: cursor.id, limit: limit + 1 })
        : statements().firstPage.execute({ limit: limit + 1 });
    },

    /** The article and its author's name in one query (shared with the lookups of the same turn). */
    findPublishedBySlug(slug: string): Promise<PublishedArticleRow | undefined> {
      return findBySlug(slug);
    },
  };
}
