// `npm run db:backup [dir]`: a compressed, timestamped pg_dump of DATABASE_URL (custom format,
// restorable with `npm run db:restore <file>`), written to `backups/` or the given directory.
import { spawn } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { connectionString } from '../src/db/postgres.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'DATABASE_URL is not set: backups are taken of a PostgreSQL server (the embedded PGlite lives in DATA_DIR).',
  );
  process.exit(1);
}

const directory = resolve(process.argv[2] ?? 'backups');
await mkdir(directory, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = join(directory, `finity-${stamp}.dump`);

const code = await new Promise<number | null>((done) => {
  const child = spawn(
    'pg_dump',
    ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${file}`, connectionString(url)],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  child.on('error', (error) => {
    console.error(`could not run pg_dump: ${error.message}`);
    done(1);
  });
  child.on('close', done);
});
if (code !== 0) {
  console.error(`pg_dump failed (exit ${code})`);
  process.exit(1);
}
console.log(`backup written: ${file} (${(await stat(file)).size} bytes)`);
