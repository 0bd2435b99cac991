// `npm run db:restore <file>`: restores a `db:backup` dump into the (empty) database of DATABASE_URL,
// in one transaction: either everything is restored or nothing is.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import postgres from 'postgres';
import { connectionString } from '../src/db/postgres.ts';

const url = process.env.DATABASE_URL;
const file = process.argv[2];
if (!url || !file) {
  console.error('usage: DATABASE_URL=postgres://… npm run db:restore <file>');
  process.exit(1);
}
try {
  await access(file);
} catch {
  console.error(`no such backup file: ${file}`);
  process.exit(1);
}

// Restoring over live data would mix two histories: refuse unless the target is empty.
const sql = postgres(connectionString(url), { max: 1, onnotice: () => {} });
const [{ tables }] = (await sql`
  select count(*)::int as tables from information_schema.tables
  where table_schema not in ('pg_catalog', 'information_schema')
`) as unknown as [{ tables: number }];
await sql.end();
if (tables > 0) {
  console.error(`the target database is not empty (${tables} tables): restore into a new, empty database`);
  process.exit(1);
}

const code = await new Promise<number | null>((done) => {
  const child = spawn(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${connectionString(url)}`,
      file,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('error', (error) => {
    console.error(`could not run pg_restore: ${error.message}`);
    done(1);
  });
  child.on('close', done);
});
if (code !== 0) {
  console.error(`pg_restore failed (exit ${code}); nothing was restored`);
  process.exit(1);
}
console.log(`restored ${file}`);
