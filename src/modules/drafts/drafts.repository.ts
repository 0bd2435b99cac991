import { and, desc, eq, sql } from 'drizzle-orm';
import { drafts } from '../../../drizzle/index.ts';
import { after, type Cursor } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';

export type DraftRow = typeof drafts.$inferSelect;
export type NewDraft = Omit<typeof drafts.$inferInsert, 'id' | 'userId' | 'version' | 'createdAt' | 'updatedAt'>;
export type DraftChanges = Partial<NewDraft>;

export function createDraftsRepository(db: Executor) {
  const owned = (userId: string, id: string) => and(eq(drafts.id, id), eq(drafts.userId, userId));

  /**
   * `ORDER BY updated_at DESC, id DESC`, matching `drafts_user_id_updated_at_id_idx`; the query
   * itself is exposed so a test can EXPLAIN it.
   */
  const listQuery = (userId: string, limit: number, cursor: Cursor | undefined) =>
    db
      .select()
      .from(drafts)
      .where(and(eq(drafts.userId, userId), after(drafts.updatedAt, drafts.id, cursor)))
      .orderBy(desc(drafts.updatedAt), desc(drafts.id))
      .limit(limit + 1);

  return {
    listQuery,

    async insert(userId: string, values: NewDraft, now: Date): Promise<DraftRow> {
      const [row] = await db
        .insert(drafts)
        .values({ ...values, userId, createdAt: now, updatedAt: now })
        .returning();
      if (!row) throw new Error('draft insert returned nothing');
      return row;
    },

    async find(userId: string, id: string): Promise<DraftRow | undefined> {
      const [row] = await db.select().from(drafts).where(owned(userId, id));
      return row;
    },

    /** Locks the row until the transaction ends, so a concurrent autosave waits for a publish. */
    async findForUpdate(userId: string, id: string): Promise<DraftRow | undefined> {
      const [row] = await db.select().from(drafts).where(owned(userId, id)).for('update');
      return row;
    },

    async list(userId: string, limit: number, cursor: Cursor | undefined): Promise<DraftRow[]> {
      return listQuery(userId, limit, cursor);
    },

    /**
     * Check and write in one statement: with `expectedVersion` the row changes only while it still
     * has that version, so two writers holding the same ETag cannot both succeed.
     */
    async update(
      userId: string,
      id: string,
      changes: DraftChanges,
      now: Date,
      expectedVersion?: number,
    ): Promise<DraftRow | undefined> {
      const versionMatches = expectedVersion === undefined ? undefined : eq(drafts.version, expectedVersion);
      const [row] = await db
        .update(drafts)
        .set({ ...changes, updatedAt: now, version: sql`${drafts.version} + 1` })
        .where(and(owned(userId, id), versionMatches))
        .returning();
      return row;
    },

    async delete(userId: string, id: string, expectedVersion?: number): Promise<boolean> {
      const versionMatches = expectedVersion === undefined ? undefined : eq(drafts.version, expectedVersion);
      const rows = await db
        .delete(drafts)
        .where(and(owned(userId, id), versionMatches))
        .returning({ id: drafts.id });
      return rows.length > 0;
    },

    async exists(userId: string, id: string): Promise<boolean> {
      const rows = await db.select({ id: drafts.id }).from(drafts).where(owned(userId, id));
      return rows.length > 0;
    },
  };
}

export type DraftsRepository = ReturnType<typeof createDraftsRepository>;
