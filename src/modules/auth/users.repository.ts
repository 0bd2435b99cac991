import { and, eq, gt, sql } from 'drizzle-orm';
import { users } from '../../../drizzle/index.ts';
import type { Executor } from '../../db/database.ts';
import { uniqueViolation } from '../../db/errors.ts';
import { onFirstUse } from '../../db/prepared.ts';
import { conflict } from '../../errors.ts';

export type UserRow = typeof users.$inferSelect;

export interface NewUser {
  email: string;
  passwordHash: string;
  name?: string;
  emailToken: string;
  emailTokenExpiresAt: Date;
}

// Run on every authenticated request, so prepared on first use rather than built per request.
const prepareTokenVersion = (db: Executor) =>
  db
    .select({ tokenVersion: users.tokenVersion })
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .limit(1)
    .prepare('token_version');

export function createUsersRepository(db: Executor) {
  const tokenVersionStatement = onFirstUse(() => prepareTokenVersion(db));
  return {
    /** The user's current token version, or undefined when the user no longer exists. */
    async tokenVersion(userId: string): Promise<number | undefined> {
      const [row] = await tokenVersionStatement().execute({ userId });
      return row?.tokenVersion;
    },

    async findById(userId: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
      return row;
    },

    /** Case-insensitive, through the unique index on lower(email). */
    async findByEmail(email: string): Promise<UserRow | undefined> {
      const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
      return row;
    },

    async insert(values: NewUser): Promise<UserRow> {
      try {
        const [row] = await db.insert(users).values(values).returning();
        if (!row) throw new Error('user insert returned nothing');
        return row;
      } catch (error) {
        if (uniqueViolation(error)?.startsWith('users_email')) {
          throw conflict('An account with this email already exists.', [
            { path: 'email', message: 'Already registered.' },
          ]);
        }
        throw error;
      }
    },

    async setEmailToken(userId: string, emailToken: string, expiresAt: Date): Promise<void> {
      await db
        .update(users)
        .set({ emailToken, emailTokenExpiresAt: expiresAt })
        .where(and(eq(users.id, userId), eq(users.emailVerified, false)));
    },

    /** Verifies and spends the token in one statement, so it works exactly once. */
    async consumeEmailToken(emailToken: string, now: Date): Promise<UserRow | undefined> {
      const [row] = await db
        .update(users)
        .set({ emailVerified: true, emailToken: null, emailTokenExpiresAt: null })
        .where(and(eq(users.emailToken, emailToken), gt(users.emailTokenExpiresAt, now)))
        .returning();
      return row;
    },

    /** Upgrades the hash's parameters, unless the password changed meanwhile. */
    async rehashPassword(userId: string, previousHash: string, passwordHash: string): Promise<void> {
      await db
        .update(users)
        .set({ passwordHash })
        .where(and(eq(users.id, userId), eq(users.passwordHash, previousHash)));
    },

    /** New hash and a new token version in one statement: every token issued before dies with the old password. */
    async changePassword(userId: string, previousHash: string, passwordHash: string): Promise<boolean> {
      const rows = await db
        .update(users)
        .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(and(eq(users.id, userId), eq(users.passwordHash, previousHash)))
        .returning({ id: users.id });
      return rows.length === 1;
    },

    async updateName(userId: string, name: string | null): Promise<UserRow | undefined> {
      const [row] = await db.update(users).set({ name }).where(eq(users.id, userId)).returning();
      return row;
    },

    /** Every owned row goes with it through the ON DELETE CASCADE foreign keys. */
    async delete(userId: string, passwordHash: string): Promise<boolean> {
      const rows = await db
        .delete(users)
        .where(and(eq(users.id, userId), eq(users.passwordHash, passwordHash)))
        .returning({ id: users.id });
      return rows.length === 1;
    },
  };
}
