import { defineConfig } from 'vitest/config';

/**
 * `npm run test:edge`: the Worker's deploy bundle in local workerd (Miniflare) driven over HTTP by
 * these Node tests, against real PostgreSQL (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL, through
 * the Upstash-compatible bridge). Not part of `npm test`; without TEST_DATABASE_URL it skips.
 */
export default defineConfig({
  test: {
    name: 'edge',
    include: ['test-edge/**/*.test.ts'],
    globalSetup: ['test-edge/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
