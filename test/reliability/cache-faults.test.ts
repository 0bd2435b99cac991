import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { freePort, RedisProcess, waitFor } from './processes.ts';

const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Redis dies in the middle of a run: reads and writes keep succeeding (the cache is a miss), the
// failure is logged once per interval rather than per request, /readyz names the cache, and when
// Redis comes back the cache is used again without a restart.
describe.skipIf(!hasRedisServer)('cache faults against a real Redis the test kills', () => {
  let redis: RedisProcess;
  let ctx: TestContext;
  let user: TestUser;
  const logLines: string[] = [];

  beforeAll(async () => {
    redis = new RedisProcess(await freePort());
    await redis.start();
    const logger = createLogger('info', (line) => logLines.push(line));
    const cache = withFallback(await createRedisCache(redis.url), logger);
    ctx = await createTestContext({ deps: { cache, logger } });
    user = await createUser(ctx);
  });

  afterAll(async () => {
    await ctx?.close();
    await redis?.kill();
  });

  async function publishArticle(title: string) {
    const created = await call(ctx.app, 'POST', '/v1/articles', {
      token: user.token,
      body: { title, content: `# ${title}\n\nBody text.`, status: 'PUBLISHED' },
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; slug: string };
  }

  async function keysInRedis(): Promise<number> {
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      return await client.dbsize();
    } finally {
      client.disconnect();
    }
  }

  it('serves reads and writes through a Redis outage and uses Redis again when it returns', async () => {
    const before = await publishArticle('Before the outage');
    expect((await call(ctx.app, 'GET', `/v1/public/articles/${before.slug}`)).status).toBe(200);
    expect((await call(ctx.app, 'GET', '/readyz')).body.checks.cache).toBe('ok');
    expect(await keysInRedis()).toBeGreaterThan(0);

    await redis.kill();

    const statuses: number[] = [];
    for (let round = 0; round < 20; round++) {
      const created = await call(ctx.app, 'POST', '/v1/articles', {
        token: user.token,
        body: { title: `During the outage ${round}`, content: 'Still writing.', status: 'PUBLISHED' },
      });
      statuses.push(created.status);
      statuses.push((await call(ctx.app, 'GET', `/v1/public/articles/${before.slug}`)).status);
      statuses.push((await call(ctx.app, 'GET', `/v1/public/articles/${created.body.slug}`)).status);
      statuses.push((await call(ctx.app, 'GET', '/v1/articles', { token: user.token })).status);
    }
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);

    const readiness = await call(ctx.app, 'GET', '/readyz');
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({ status: 'degraded', checks: { database: 'ok', cache: 'unavailable' } });

    const outageLines = logLines.filter((line) => line.includes('cache unavailable'));
    expect(outageLines.length).toBeGreaterThanOrEqual(1);
    expect(outageLines.length).toBeLessThanOrEqual(2);

    await redis.start();
    const recoveredAfterMs = await waitFor(
      async () => (await call(ctx.app, 'GET', '/readyz')).status === 200,
      10_000,
      'the app to see Redis again',
    );
    const after = await publishArticle('After the outage');
    expect((await call(ctx.app, 'GET', `/v1/public/articles/${after.slug}`)).status).toBe(200);
    expect(await keysInRedis()).toBeGreaterThan(0);
    console.log(
      `cache faults: ${statuses.length} requests during the outage, all 2xx; ${outageLines.length} log line(s); cache back after ${recoveredAfterMs} ms`,
    );
  });
});
