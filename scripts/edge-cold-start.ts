/**
 * Cold start of the Worker in local workerd: for each of RUNS fresh runtimes, the time from the
 * first request to its response (the isolate then validates its bindings and builds the app), the
 * first request that opens a PostgreSQL connection, and a warm request for comparison.
 *
 *   TEST_DATABASE_URL=postgres://… npm run edge:cold-start      (RUNS=5 by default)
 */
import { rmSync } from 'node:fs';
import { buildWorkerBundle } from '../test-edge/support/bundle.ts';
import { startWorkerd } from '../test-edge/support/workerd.ts';

const runs = Number(process.env.RUNS ?? 5);
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  console.log('edge:cold-start skipped: TEST_DATABASE_URL is unset');
  process.exit(0);
}

async function timed(url: string): Promise<number> {
  const startedAt = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - startedAt;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const bundle = buildWorkerBundle();
const samples = {
  runtimeStart: [] as number[],
  first: [] as number[],
  firstDatabase: [] as number[],
  warm: [] as number[],
};
try {
  for (let run = 0; run < runs; run++) {
    const startedAt = performance.now();
    const worker = await startWorkerd(bundle, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'cold-start-secret-that-is-at-least-32-bytes',
      ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    });
    samples.runtimeStart.push(performance.now() - startedAt);
    try {
      samples.first.push(await timed(`${worker.baseUrl}/healthz`));
      samples.firstDatabase.push(await timed(`${worker.baseUrl}/readyz`));
      samples.warm.push(await timed(`${worker.baseUrl}/healthz`));
    } finally {
      await worker.dispose();
    }
  }
} finally {
  rmSync(bundle.dir, { recursive: true, force: true });
}

const line = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(44)} median ${median(values).toFixed(1)} ms  (${values.map((v) => v.toFixed(0)).join(', ')})`,
  );
console.log(`Worker in local workerd, ${runs} fresh runtimes:`);
line('runtime start (Miniflare ready)', samples.runtimeStart);
line('cold start: first request → response', samples.first);
line('first request to PostgreSQL (/readyz)', samples.firstDatabase);
line('warm request (/healthz)', samples.warm);
