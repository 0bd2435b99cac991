/**
 * `npm run db:check`: fails when drizzle/ and migrations/ disagree, i.e. when `drizzle-kit generate`
 * would write a new migration. It generates into a temporary copy of migrations/, so nothing is
 * left behind in the working tree either way.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = process.cwd();
const source = join(root, 'migrations');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), path)));
    else files.push(path);
  }
  return files.sort();
}

const temp = await mkdtemp(join(tmpdir(), 'finity-db-check-'));
let failed = false;
try {
  const copy = join(temp, 'migrations');
  await cp(source, copy, { recursive: true });
  const before = await listFiles(copy);
  // drizzle-kit prefixes `out` with './', so it must be relative to the working directory.
  const result = spawnSync(
    'npx',
    [
      'drizzle-kit',
      'generate',
      '--dialect=postgresql',
      '--schema=./drizzle/index.ts',
      '--casing=snake_case',
      `--out=${relative(root, copy)}`,
      '--name=pending',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`drizzle-kit generate exited with ${result.status}`);
  }
  const after = await listFiles(copy);
  const added = after.filter((file) => !before.includes(file));
  const changed: string[] = [];
  for (const file of before) {
    const [original, regenerated] = await Promise.all([
      readFile(join(source, file), 'utf8'),
      readFile(join(copy, file), 'utf8'),
    ]);
    if (original !== regenerated) changed.push(file);
  }
  if (added.length > 0 || changed.length > 0) {
    failed = true;
    console.error('drizzle/ and migrations/ disagree: `npm run db:generate` would change migrations/.');
    for (const file of [...added, ...changed]) console.error(`  ${added.includes(file) ? 'new' : 'changed'}: ${file}`);
    for (const file of added.filter((name) => name.endsWith('.sql'))) {
      console.error(`\n-- ${file}\n${await readFile(join(copy, file), 'utf8')}`);
    }
  } else {
    console.log(
      `db:check: drizzle/ and migrations/ agree (${before.filter((f) => f.endsWith('.sql')).length} migrations).`,
    );
  }
} finally {
  await rm(temp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
