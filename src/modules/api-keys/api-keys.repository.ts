import { and, asc, eq, sql } from 'drizzle-orm';
import type { Provider } from '../../../drizzle/enums.ts';
import { apiKeys } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function createApiKeysRepository(db: Executor) {
  const owned = (userId: string, keyProvider: Provider) =>
    and(eq(apiKeys.userId, userId), eq(apiKeys.provider, keyProvider));

  return {
    /** At most one row per provider, so the list is short and needs no paging. */
    async list(userId: string): Promise<ApiKeyRow[]> {
      return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(asc(apiKeys.provider));
    },

    async find(userId: string, keyProvider: Provider): Promise<ApiKeyRow | undefined> {
      const [row] = await db.select().from(apiKeys).where(owned(userId, keyProvider));
      return row;
    },

    /**
     * One statement, so two concurrent PUTs for the same provider cannot both insert.
     * `xmax = 0` holds only for a freshly inserted row version: it tells created from replaced.
     */
    async upsert(
      userId: string,
      keyProvider: Provider,
      encryptedKey: string,
      isActive: boolean,
      now: Date,
    ): Promise<{ row: ApiKeyRow; inserted: boolean }> {
      const [result] = await db
        .insert(apiKeys)
        .values({ userId, provider: keyProvider, encryptedKey, isActive, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [apiKeys.userId, apiKeys.provider],
          set: { encryptedKey, isActive, updatedAt: now },
        })
        .returning({
          id: apiKeys.id,
          userId: apiKeys.userId,
          provider: apiKeys.provider,
          encryptedKey: apiKeys.encryptedKey,
          isActive: apiKeys.isActive,
          createdAt: apiKeys.createdAt,
          updatedAt: apiKeys.updatedAt,
          inserted: sql<boolean>`(xmax = 0)`,
        });
      if (!result) throw new Error('api key upsert returned nothing');
      const { inserted, ...row } = result;
      return { row, inserted: Boolean(inserted) };
    },

    async setActive(userId: string, keyProvider: Provider, isActive: boolean, now: Date) {
      const [row] = await db
        .update(apiKeys)
        .set({ isActive, updatedAt: now })
        .where(owned(userId, keyProvider))
        .returning();
      return row;
    },

    async delete(userId: string, keyProvider: Provider): Promise<boolean> {
      const rows = await db.delete(apiKeys).where(owned(userId, keyProvider)).returning({ id: apiKeys.id });
      return rows.length > 0;
    },
  };
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
