import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WorkerBundle {
  /** The directory `wrangler deploy --dry-run --outdir` wrote `worker.js` to. */
  dir: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

/** Exactly what `wrangler deploy` would upload (same bundler, same flags, minified), built once. */
export function buildWorkerBundle(): WorkerBundle {
  const dir = mkdtempSync(join(tmpdir(), 'finity-edge-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const toml = readFileSync('wrangler.toml', 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  if (!date || flags === undefined) throw new Error('wrangler.toml: compatibility_date or _flags not found');
  return {
    dir,
    compatibilityDate: date,
    compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string),
  };
}
