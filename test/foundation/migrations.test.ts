import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migratePostgres } from '../../src/db/migrate.ts';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations-folder.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { withDatabase } from '../helpers/postgres-admin.ts';
import { expectSeedSchema } from './seed-schema.ts';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await rowsOf<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(row?.n);
}

describe('migrations apply from zero', () => {
  it('on an empty PGlite data directory, and again on reopening it (idempotent)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'finity-migrate-'));
    try {
      const first = await openPglite(join(dir, 'pglite'));
      await expectSeedSchema(first.db);
      expect(await appliedMigrations(first.db)).toBe(journal.entries.length);
      await first.db.execute(sql`insert into users (email, password_hash) values ('kept@example.com', 'x')`);
      await first.close();

      const second = await openPglite(join(dir, 'pglite'));
      try {
        expect(await appliedMigrations(second.db)).toBe(journal.entries.length);
        await expectSeedSchema(second.db);
        const rows = await rowsOf<{ email: string }>(second.db, sql`select email from users`);
        expect(rows).toEqual([{ email: 'kept@example.com' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)('on an empty PostgreSQL database, twice (idempotent)', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL as string;
    const name = `finity_from_zero_${process.pid}_${Date.now()}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    try {
      await migratePostgres(url);
      await migratePostgres(url);
      const handle = openPostgres({ url, poolMax: 2 });
      try {
        await expectSeedSchema(handle.db);
        expect(await appliedMigrations(handle.db)).toBe(journal.entries.length);
      } finally {
        await handle.close();
      }
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
