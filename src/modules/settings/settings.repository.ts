import { eq } from 'drizzle-orm';
import { settings } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';
import type { UpdateSettingsBody } from './settings.schemas.ts';

export type SettingsRow = typeof settings.$inferSelect;

export function createSettingsRepository(db: Executor) {
  return {
    /**
     * The user's settings, created with the defaults on first read. ON CONFLICT DO NOTHING lets two
     * concurrent first reads both succeed: one inserts, the other's insert is a no-op, both then read it.
     */
    async findOrCreate(userId: string): Promise<SettingsRow> {
      await db.insert(settings).values({ userId }).onConflictDoNothing({ target: settings.userId });
      const [row] = await db.select().from(settings).where(eq(settings.userId, userId)).limit(1);
      if (!row) throw new Error('settings row missing after insert');
      return row;
    },

    /** Inserts with the changes applied over the defaults, or updates only the fields given. */
    async upsert(userId: string, changes: UpdateSettingsBody): Promise<SettingsRow> {
      const [row] = await db
        .insert(settings)
        .values({ userId, ...changes })
        .onConflictDoUpdate({ target: settings.userId, set: { ...changes, updatedAt: new Date() } })
        .returning();
      if (!row) throw new Error('settings upsert returned nothing');
      return row;
    },
  };
}
