/**
 * Smoke test of another runtime: serves the app with Bun's or Deno's own server against a fresh,
 * migrated PostgreSQL database (memory cache) and runs a short flow over HTTP from Node.
 *
 *   TEST_DATABASE_URL=postgres://… npm run smoke:bun     (or smoke:deno)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createFreshDatabase } from '../../test-edge/support/database.ts';
import { startMailCatcher } from '../../test-edge/support/mail-catcher.ts';
import { smokeFlow } from './flow.ts';

const COMMANDS = {
  bun: ['node_modules/.bin/bun', 'run', 'scripts/smoke/bun-server.ts'],
  deno: ['node_modules/.bin/deno', 'run', '-A', '--node-modules-dir=manual', 'scripts/smoke/deno-server.ts'],
} as const;

const runtime = process.argv[2] as keyof typeof COMMANDS;
if (!(runtime in COMMANDS)) throw new Error('usage: run.ts bun|deno');
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.log(`smoke:${runtime} skipped: TEST_DATABASE_URL is unset (it needs a real PostgreSQL)`);
  process.exit(0);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${runtime} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return performance.now() - startedAt;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${runtime} did not answer /healthz within ${timeoutMs} ms`);
}

const database = await createFreshDatabase(serverUrl, `finity_smoke_${runtime}`);
const mail = await startMailCatcher();
const port = await freePort();
const [command, ...args] = COMMANDS[runtime];
const output: string[] = [];
const child = spawn(command, args, {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: database.url,
    JWT_SECRET: 'smoke-test-secret-that-is-at-least-32-bytes',
    ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    EMAIL_WEBHOOK_URL: mail.url,
    APP_URL: 'http://finity.smoke.test',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

let failed = false;
try {
  const baseUrl = `http://127.0.0.1:${port}`;
  const startMs = await waitForHealth(baseUrl, child);
  console.log(`smoke:${runtime}: serving after ${startMs.toFixed(0)} ms`);
  for (const [name, run] of smokeFlow(baseUrl, mail)) {
    const startedAt = performance.now();
    await run();
    console.log(`  ✓ ${name} (${(performance.now() - startedAt).toFixed(0)} ms)`);
  }
  console.log(`smoke:${runtime}: passed`);
} catch (error) {
  failed = true;
  console.error(`smoke:${runtime}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`--- ${runtime} output ---\n${output.join('').slice(-4000)}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(undefined);
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  await mail.close();
  await database.drop();
}
process.exit(failed ? 1 : 0);
