import { users } from '../../drizzle/index.ts';
import type { TestContext } from './context.ts';

export interface TestUser {
  id: string;
  email: string;
  name: string | null;
  /** A valid access token for this user. */
  token: string;
}

let sequence = 0;

/**
 * Inserts a verified user directly (no password that can log in) and signs a token for it, for tests
 * of everything behind authentication. Accounts tests register through the API instead.
 */
export async function createUser(
  ctx: TestContext,
  overrides: Partial<typeof users.$inferInsert> = {},
): Promise<TestUser> {
  sequence += 1;
  const [row] = await ctx.database.db
    .insert(users)
    .values({
      email: `user${sequence}-${crypto.randomUUID().slice(0, 8)}@example.test`,
      passwordHash: 'unusable',
      name: `Test User ${sequence}`,
      emailVerified: true,
      ...overrides,
    })
    .returning({ id: users.id, email: users.email, name: users.name, tokenVersion: users.tokenVersion });
  if (!row) throw new Error('user insert returned nothing');
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const token = await ctx.deps.signer.sign({
    sub: row.id,
    iat,
    exp: iat + ctx.config.accessTokenTtlSeconds,
    jti: crypto.randomUUID(),
    ver: row.tokenVersion,
  });
  return { id: row.id, email: row.email, name: row.name, token };
}
