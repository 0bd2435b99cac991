import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { type ArticleStatus, articles } from '../../../drizzle/index.ts';
import { after, type Cursor } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';
import { uniqueViolation } from '../../db/errors.ts';
import { onFirstUse } from '../../db/prepared.ts';
import { conflict } from '../../errors.ts';

export type ArticleRow = Omit<typeof articles.$inferSelect, 'searchVector'>;
/** What a list item shows: the bodies (~20 KB an article) stay in the database. */
export type ArticleSummaryRow = Omit<ArticleRow, 'content' | 'htmlContent'>;
export type NewArticleRow = Omit<typeof articles.$inferInsert, 'id' | 'searchVector' | 'version'>;
export type ArticleChanges = Partial<
  Pick<
    ArticleRow,
    | 'title'
    | 'slug'
    | 'content'
    | 'htmlContent'
    | 'wordCount'
    | 'seoTitle'
    | 'metaDescription'
    | 'focusKeyphrase'
    | 'status'
    | 'publishedAt'
    | 'updatedAt'
  >
>;

export interface ArticleListFilter {
  status?: ArticleStatus;
  q?: string;
  cursor?: Cursor;
  limit: number;
}

/** Every column but the generated tsvector, which no answer needs. */
const { searchVector: _searchVector, ...columns } = getTableColumns(articles);
const { content: _content, htmlContent: _htmlContent, ...summaryColumns } = columns;

/**
 * The owner's list without a search is the common read (a dashboard's first screen): its four
 * shapes (with or without a status and a cursor) are prepared on first use. A search builds its
 * statement per request.
 */
function prepareListStatements(db: Executor) {
  const owner = eq(articles.userId, sql.placeholder('userId'));
  const ofStatus = eq(articles.status, sql.placeholder('status'));
  const afterCursor = sql`(${articles.createdAt}, ${articles.id}) < (${sql.placeholder('at')}::timestamptz, ${sql.placeholder('id')}::uuid)`;
  const list = (name: string, ...conditions: SQL[]) =>
    db
      .select(summaryColumns)
      .from(articles)
      .where(and(owner, ...conditions))
      .orderBy(desc(articles.createdAt), desc(articles.id))
      .limit(sql.placeholder('limit'))
      .prepare(name);
  return {
    all: list('owner_articles'),
    allAfter: list('owner_articles_after', afterCursor),
    ofStatus: list('owner_articles_of_status', ofStatus),
    ofStatusAfter: list('owner_articles_of_status_after', ofStatus, afterCursor),
  };
}

const SLUG_TAKEN = 'Another article already has this slug.';
export const slugTaken = () => conflict(SLUG_TAKEN, [{ path: 'slug', message: SLUG_TAKEN }]);

export function createArticlesRepository(db: Executor) {
  const listStatements = onFirstUse(() => prepareListStatements(db));
  return {
    /**
     * Inserts unless the slug is taken, in which case it returns undefined. ON CONFLICT DO NOTHING
     * (not a caught unique violation) keeps an enclosing transaction usable for the retry.
     */
    async insertUnlessSlugTaken(values: NewArticleRow): Promise<ArticleRow | undefined> {
      const [row] = await db
        .insert(articles)
        .values(values)
        .onConflictDoNothing({ target: articles.slug })
        .returning(columns);
      return row as ArticleRow | undefined;
    },

    async findById(userId: string, id: string): Promise<ArticleRow | undefined> {
      const [row] = await db
        .select(columns)
        .from(articles)
        .where(and(eq(articles.id, id), eq(articles.userId, userId)));
      return row as ArticleRow | undefined;
    },

    /** The owner's articles newest first; `q` matches the indexed `search_vector`. */
    async list(userId: string, filter: ArticleListFilter): Promise<ArticleSummaryRow[]> {
      if (!filter.q) {
        const statements = listStatements();
        const { status, cursor } = filter;
        const values = { userId, limit: filter.limit + 1, status, at: cursor?.at.toISOString(), id: cursor?.id };
        const statement = status
          ? cursor
            ? statements.ofStatusAfter
            : statements.ofStatus
          : cursor
            ? statements.allAfter
            : statements.all;
        return statement.execute(values);
      }
      const conditions: (SQL | undefined)[] = [
        eq(articles.userId, userId),
        filter.status ? eq(articles.status, filter.status) : undefined,
        filter.q ? sql`${articles.searchVector} @@ websearch_to_tsquery('english', ${filter.q})` : undefined,
        after(articles.createdAt, articles.id, filter.cursor),
      ];
      return db
        .select(summaryColumns)
        .from(articles)
        .where(and(...conditions))
        .orderBy(desc(articles.createdAt), desc(articles.id))
        .limit(filter.limit + 1);
    },

    /**
     * Applies `changes` only if the row is still at `expectedVersion`: the check and the write are
     * one statement, so two writers based on one version cannot both succeed. A slug another article
     * has is a 409.
     */
    async updateAtVersion(
      userId: string,
      id: string,
      expectedVersion: number,
      changes: ArticleChanges,
    ): Promise<ArticleRow | undefined> {
      try {
        const [row] = await db
          .update(articles)
          .set({ ...changes, version: sql`${articles.version} + 1` })
          .where(and(eq(articles.id, id), eq(articles.userId, userId), eq(articles.version, expectedVersion)))
          .returning(columns);
        return row as ArticleRow | undefined;
      } catch (error) {
        if (uniqueViolation(error) === 'articles_slug_key') throw slugTaken();
        throw error;
      }
    },

    async publishedSlugs(userId: string): Promise<string[]> {
      const rows = await db
        .select({ slug: articles.slug })
        .from(articles)
        .where(and(eq(articles.userId, userId), eq(articles.status, 'PUBLISHED')));
      return rows.map((row) => row.slug);
    },

    async delete(userId: string, id: string): Promise<Pick<ArticleRow, 'id' | 'slug' | 'status'> | undefined> {
      const [row] = await db
        .delete(articles)
        .where(and(eq(articles.id, id), eq(articles.userId, userId)))
        .returning({ id: articles.id, slug: articles.slug, status: articles.status });
      return row;
    },
  };
}

export type ArticlesRepository = ReturnType<typeof createArticlesRepository>;
