/**
 * The Worker's bundle budget: builds exactly what `wrangler deploy` would upload (--dry-run) and
 * fails when it is over 400 KiB gzipped, or when a Node-only module got into its import graph.
 *
 *   npm run bundle:size            BUNDLE_BUDGET_KIB=… to try another budget
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KIB = Number(process.env.BUNDLE_BUDGET_KIB ?? 400);

/** Modules that only work on Node (files, TCP Redis, embedded PostgreSQL): never in the Worker. */
const NODE_ONLY = [
  /^src\/node\.ts$/,
  /^src\/dev-secrets\.ts$/,
  /^src\/db\/(pglite|open|migrate|migrations-folder)\.ts$/,
  /^src\/cache\/redis\.ts$/,
  /^src\/http\/scalar-bundle\.ts$/,
  /node_modules\/(@electric-sql\/pglite|ioredis|@hono\/node-server)\//,
];

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

const outdir = mkdtempSync(join(tmpdir(), 'finity-bundle-'));
try {
  execFileSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '--metafile', join(outdir, 'meta.json')],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const modules = readdirSync(outdir).filter((file) => /\.(m?js|wasm)$/.test(file));
  let raw = 0;
  let gzipped = 0;
  for (const file of modules) {
    const bytes = readFileSync(join(outdir, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }

  const meta = JSON.parse(readFileSync(join(outdir, 'meta.json'), 'utf8')) as Metafile;
  const leaked = Object.keys(meta.inputs).filter((input) => NODE_ONLY.some((pattern) => pattern.test(input)));
  const byPackage = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? '(finity)';
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  const largest = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6);

  console.log(`worker bundle: ${kib(raw)} KiB, ${kib(gzipped)} KiB gzipped (budget ${BUDGET_KIB} KiB gzipped)`);
  console.log(`largest parts (raw): ${largest.map(([name, bytes]) => `${name} ${kib(bytes)} KiB`).join(', ')}`);
  if (leaked.length > 0) {
    console.error(`Node-only modules in the Worker bundle:\n  ${leaked.join('\n  ')}`);
    process.exitCode = 1;
  }
  if (gzipped > BUDGET_KIB * 1024) {
    console.error(`over budget by ${kib(gzipped - BUDGET_KIB * 1024)} KiB`);
    process.exitCode = 1;
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
