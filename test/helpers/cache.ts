import type { Cache } from '../../src/cache/cache.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { withPrefix } from '../../src/cache/prefixed.ts';
import { createRedisCache } from '../../src/cache/redis.ts';

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
