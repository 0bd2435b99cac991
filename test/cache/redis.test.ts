import { describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis.ts';
import { describeCacheContract, sleep } from './contract.ts';
import { reachableRedisUrl } from './redis-url.ts';

const url = await reachableRedisUrl();

describe.skipIf(!url)('redis adapter (TCP)', () => {
  describeCacheContract('redis over TCP', async () => {
    const cache = await createRedisCache(url as string);
    return { cache, elapse: sleep, close: () => cache.close() };
  });

  it('stores values under the key it was given, as JSON with a TTL', async () => {
    const cache = await createRedisCache(url as string);
    const { Redis } = await import('ioredis');
    const raw = new Redis(url as string);
    try {
      const key = `contract:${crypto.randomUUID()}:raw`;
      await cache.set(key, { a: 1 }, 30);
      expect(await raw.get(key)).toBe('{"a":1}');
      const ttl = await raw.ttl(key);
      expect(ttl).toBeGreaterThan(25);
      expect(ttl).toBeLessThanOrEqual(30);
      await raw.del(key);
    } finally {
      raw.disconnect();
      await cache.close();
    }
  });
});
