import { createLocalBus } from '../../src/cache/bus.ts';
import type { Cache } from '../../src/cache/cache.ts';
import { createLocalPageStore } from '../../src/cache/local-pages.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import type { PageStore } from '../../src/cache/page-cache.ts';
import { withPrefix } from '../../src/cache/prefixed.ts';
import { createRedisCache } from '../../src/cache/redis.ts';
import { createRedisBus } from '../../src/cache/redis-bus.ts';
import { PUBLIC_PAGES_CHANNEL } from '../../src/deps.ts';

export const usesRedis = () => Boolean(process.env.TEST_REDIS_URL);

/**
 * The memory cache, or real Redis when TEST_REDIS_URL is set, with keys under a prefix of this
 * file's own so that parallel files never see each other's counters.
 */
export async function createTestCache(now?: () => number): Promise<Cache> {
  const url = process.env.TEST_REDIS_URL;
  if (!url) return createMemoryCache({ now });
  return withPrefix(await createRedisCache(url), `test:${crypto.randomUUID()}:`);
}

/**
 * The public page store the Node server builds: in memory, told of writes over Redis pub/sub (on a
 * channel of this file's own) when TEST_REDIS_URL is set, over the single-process bus otherwise.
 */
export async function createTestPublicPages(now?: () => number): Promise<PageStore> {
  const url = process.env.TEST_REDIS_URL;
  const bus = url ? await createRedisBus(url, `test:${crypto.randomUUID()}:${PUBLIC_PAGES_CHANNEL}`) : createLocalBus();
  return createLocalPageStore({ bus, maxBytes: 16 * 1024 * 1024, now });
}
