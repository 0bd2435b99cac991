import { eq, sql } from 'drizzle-orm';
import { users } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';
import { preparedPerDatabase } from '../../db/prepared.ts';

// Run by requireAuth on every authenticated request.
const statementsFor = preparedPerDatabase((db: Executor) => ({
  tokenVersion: db
    .select({ tokenVersion: users.tokenVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .limit(1)
    .prepare('token_version'),
}));

/** The user's current token version, or undefined when the user no longer exists. */
export async function findTokenVersion(db: Executor, userId: string): Promise<number | undefined> {
  const [row] = await statementsFor(db).tokenVersion.execute({ userId });
  return row?.tokenVersion;
}
