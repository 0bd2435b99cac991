/**
 * `npm run db:migrate`: applies migrations/ to DATABASE_URL. Without DATABASE_URL it opens the
 * embedded PGlite database under DATA_DIR, which migrates itself on open, so the result is the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { MIGRATIONS_FOLDER } from '../src/db/migrations-folder.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { rowsOf } from '../src/db/rows.ts';

const tags = (
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
).entries.map((entry) => entry.tag);

/** How many migrations the database has recorded (0 before the first run). */
async function appliedCount(db: Database): Promise<number> {
  const [exists] = await rowsOf<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return 0;
  const [counted] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(counted?.n ?? 0);
}

/** The URL without its password, for printing. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function report(target: string, before: number, after: number) {
  if (after === before) {
    console.log(`${target}: up to date (${after} migrations applied).`);
    return;
  }
  console.log(`${target}: applied ${after - before} migration(s):`);
  for (const tag of tags.slice(before, after)) console.log(`  ${tag}`);
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const handle = openPostgres({ url, poolMax: 1 });
    try {
      const before = await appliedCount(handle.db);
      await migratePostgres(url);
      report(`PostgreSQL ${redacted(url)}`, before, await appliedCount(handle.db));
    } finally {
      await handle.close();
    }
    return;
  }
  const dir = join(process.env.DATA_DIR || './.data', 'pglite');
  // Opening the embedded database is what migrates it (src/db/pglite.ts).
  const started = performance.now();
  const handle = await openPglite(dir);
  try {
    const after = await appliedCount(handle.db);
    console.log(
      `DATABASE_URL is not set: embedded PGlite at ${dir} is migrated (${after} of ${tags.length} migrations applied, ${Math.round(performance.now() - started)} ms).`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
