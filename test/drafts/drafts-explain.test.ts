import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/db/cursor.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { createDraftsRepository } from '../../src/modules/drafts/drafts.repository.ts';
import { useTestContext } from '../helpers/context.ts';

const ctx = useTestContext();

const USERS = 1000;
const DRAFTS_PER_USER = 100;

/** The plan PostgreSQL picks for the list query exactly as the repository sends it. */
async function planOf(userId: string, cursor?: string): Promise<string> {
  const query = createDraftsRepository(ctx.current.database.db).listQuery(userId, 20, decodeCursor(cursor));
  return (await rowsOf<Record<string, string>>(ctx.current.database.db, sql`EXPLAIN ${query}`))
    .map((row) => row['QUERY PLAN'] ?? Object.values(row)[0])
    .join('\n');
}

describe('the drafts list on 100,000 drafts', () => {
  let userId: string;

  beforeAll(async () => {
    const db = ctx.current.database.db;
    await db.execute(sql`
      INSERT INTO users (email, password_hash, name, email_verified)
      SELECT 'explain-' || n || '@example.test', 'unusable', 'User ' || n, true FROM generate_series(1, ${USERS}) AS n`);
    await db.execute(sql`
      INSERT INTO drafts (user_id, title, config, sections, created_at, updated_at)
      SELECT u.id, 'Draft ' || n, '{}'::jsonb, '[]'::jsonb,
             timestamptz '2026-01-01' + n * interval '1 minute', timestamptz '2026-01-01' + n * interval '1 minute'
      FROM users u CROSS JOIN generate_series(1, ${DRAFTS_PER_USER}) AS n
      WHERE u.email LIKE 'explain-%'`);
    await db.execute(sql`ANALYZE drafts`);
    const [count] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM drafts`);
    expect(count?.n).toBeGreaterThanOrEqual(USERS * DRAFTS_PER_USER);
    const [user] = await rowsOf<{ id: string }>(db, sql`SELECT id FROM users WHERE email = 'explain-500@example.test'`);
    if (!user) throw new Error('the explain dataset has no user explain-500');
    userId = user.id;
  }, 120_000);

  it('reads the first page by a range scan of drafts_user_id_updated_at_id_idx, without a sort', async () => {
    const plan = await planOf(userId);
    expect(plan).toMatch(/Index Scan using drafts_user_id_updated_at_id_idx/);
    expect(plan).not.toMatch(/Sort|Seq Scan/);
  });

  it('reads a deep page the same way, the cursor being an index condition', async () => {
    const cursor = encodeCursor({
      at: new Date('2026-01-01T00:30:00.000Z'),
      id: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
    });
    const plan = await planOf(userId, cursor);
    expect(plan).toMatch(/Index Scan using drafts_user_id_updated_at_id_idx/);
    expect(plan).toMatch(/Index Cond: .*user_id.*updated_at/s);
    expect(plan).not.toMatch(/Sort|Seq Scan/);
  });
});
