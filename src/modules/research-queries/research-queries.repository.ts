import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { researchQueries } from '../../../drizzle/index.ts';
import { after, type Cursor } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';

export type ResearchQueryRow = typeof researchQueries.$inferSelect;
export type NewResearchQuery = Omit<typeof researchQueries.$inferInsert, 'id' | 'createdAt'>;
export type ResearchResult = Pick<ResearchQueryRow, 'summary' | 'sources'>;

export interface ResearchQueryFilter {
  /** Already normalised: matched against `normalized_query`. */
  contains?: string;
  cursor?: Cursor;
  limit: number;
}

/** `text` as a literal inside a LIKE pattern: its `%`, `_` and `\` match only themselves. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function createResearchQueriesRepository(db: Executor) {
  return {
    async insert(values: NewResearchQuery): Promise<ResearchQueryRow> {
      const [row] = await db.insert(researchQueries).values(values).returning();
      if (!row) throw new Error('research query insert returned nothing');
      return row;
    },

    async findById(userId: string, id: string): Promise<ResearchQueryRow | undefined> {
      const [row] = await db
        .select()
        .from(researchQueries)
        .where(and(eq(researchQueries.id, id), eq(researchQueries.userId, userId)));
      return row;
    },

    /**
     * Newest first over the user's `(user_id, created_at DESC, id DESC)` range; a substring
     * filter is checked on the rows of that range only, never across other users' rows.
     */
    list(userId: string, filter: ResearchQueryFilter): Promise<ResearchQueryRow[]> {
      const conditions: (SQL | undefined)[] = [
        eq(researchQueries.userId, userId),
        filter.contains === undefined
          ? undefined
          : sql`${researchQueries.normalizedQuery} ILIKE ${`%${escapeLike(filter.contains)}%`} ESCAPE '\\'`,
        after(researchQueries.createdAt, researchQueries.id, filter.cursor),
      ];
      return db
        .select()
        .from(researchQueries)
        .where(and(...conditions))
        .orderBy(desc(researchQueries.createdAt), desc(researchQueries.id))
        .limit(filter.limit + 1);
    },

    /** The latest stored result for a normalised query (index `(user_id, normalized_query, created_at DESC)`). */
    async latestResult(userId: string, normalizedQuery: string): Promise<ResearchResult | undefined> {
      const [row] = await db
        .select({ summary: researchQueries.summary, sources: researchQueries.sources })
        .from(researchQueries)
        .where(and(eq(researchQueries.userId, userId), eq(researchQueries.normalizedQuery, normalizedQuery)))
        .orderBy(desc(researchQueries.createdAt))
        .limit(1);
      return row;
    },

    /** The deleted row's normalised query, or undefined when there was no such row of the user's. */
    async remove(userId: string, id: string): Promise<string | undefined> {
      const [row] = await db
        .delete(researchQueries)
        .where(and(eq(researchQueries.id, id), eq(researchQueries.userId, userId)))
        .returning({ normalizedQuery: researchQueries.normalizedQuery });
      return row?.normalizedQuery;
    },
  };
}
