import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The edge (workerd) and runtime (Bun, Deno) suites need a real PostgreSQL and run through their
 * own scripts, not `npm test`. This file says so in every run, and plainly when they cannot run here.
 */
const SUITES = [
  { name: 'edge suite (the Worker in workerd)', script: 'test:edge' },
  { name: 'Bun runtime smoke test', script: 'smoke:bun' },
  { name: 'Deno runtime smoke test', script: 'smoke:deno' },
] as const;

const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe('edge and runtime suites', () => {
  if (hasPostgres) {
    console.info(
      `Not part of npm test: ${SUITES.map((suite) => `npm run ${suite.script}`).join(', ')} and npm run bundle:size (.ci/run runs them).`,
    );
  } else {
    console.warn(
      'SKIPPED: the edge (workerd) and runtime (Bun, Deno) suites: TEST_DATABASE_URL is unset and they need a real PostgreSQL.',
    );
  }

  it('each has its npm script', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    for (const script of [...SUITES.map((suite) => suite.script), 'bundle:size']) {
      expect(scripts[script], script).toBeTruthy();
    }
  });

  // Listed as skipped tests too, so the run's summary counts them, not only the log line above.
  for (const suite of SUITES) {
    if (!hasPostgres) it.skip(`${suite.name}: SKIPPED here, TEST_DATABASE_URL is unset`, () => {});
  }
});
