import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { articles, users } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';
import { after, type Cursor } from '../../http/pagination.ts';

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
}

/** Reads for anyone: deliberately not scoped to a user, and only ever PUBLISHED rows. */
export function createPublicArticlesRepository(db: Executor) {
  return {
    /** Newest publication first, on the `(status, published_at DESC, id DESC)` index. */
    async listPublished(cursor: Cursor | undefined, limit: number): Promise<PublishedSummaryRow[]> {
      return db
        .select(summaryColumns)
        .from(articles)
        .where(
          and(
            eq(articles.status, 'PUBLISHED'),
            isNotNull(articles.publishedAt),
            after(articles.publishedAt, articles.id, cursor),
          ),
        )
        .orderBy(desc(articles.publishedAt), desc(articles.id))
        .limit(limit + 1);
    },

    /** The article and its author's name in one query. */
    async findPublishedBySlug(slug: string): Promise<PublishedArticleRow | undefined> {
      const [row] = await db
        .select({
          ...summaryColumns,
          focusKeyphrase: articles.focusKeyphrase,
          htmlContent: articles.htmlContent,
          version: articles.version,
          authorName: users.name,
        })
        .from(articles)
        .innerJoin(users, eq(users.id, articles.userId))
        .where(and(eq(articles.slug, slug), eq(articles.status, 'PUBLISHED'), isNotNull(articles.publishedAt)));
      return row;
    },
  };
}
