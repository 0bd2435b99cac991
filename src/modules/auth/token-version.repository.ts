import { eq } from 'drizzle-orm';
import { users } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';

/** The user's current token version, or undefined when the user no longer exists. */
export async function findTokenVersion(db: Executor, userId: string): Promise<number | undefined> {
  const [row] = await db.select({ tokenVersion: users.tokenVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.tokenVersion;
}
