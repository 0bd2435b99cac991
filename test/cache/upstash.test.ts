import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashCache } from '../../src/cache/upstash.ts';
import { startUpstashBridge, type UpstashBridge } from '../helpers/upstash-bridge.ts';
import { describeCacheContract, sleep } from './contract.ts';
import { reachableRedisUrl } from './redis-url.ts';

const redisUrl = await reachableRedisUrl();

describe.skipIf(!redisUrl)('upstash adapter (HTTP, through the bridge to a real Redis)', () => {
  let bridge: UpstashBridge;
  const token = `token-${crypto.randomUUID()}`;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: redisUrl as string, token });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  describeCacheContract('upstash over HTTP', async () => ({
    cache: createUpstashCache({ url: bridge.url, token: bridge.token, retries: 0 }),
    elapse: sleep,
    close: async () => {},
  }));

  it('is refused with a wrong token', async () => {
    const cache = createUpstashCache({ url: bridge.url, token: 'wrong', retries: 0 });
    await expect(cache.get('anything')).rejects.toThrow(/Unauthorized/);
  });

  it('shares data with a TCP client of the same Redis', async () => {
    const { Redis } = await import('ioredis');
    const raw = new Redis(redisUrl as string);
    const cache = createUpstashCache({ url: bridge.url, token: bridge.token, retries: 0 });
    try {
      const key = `contract:${crypto.randomUUID()}:shared`;
      await raw.set(key, JSON.stringify({ from: 'tcp', text: 'äöü' }), 'EX', 30);
      expect(await cache.get(key)).toEqual({ from: 'tcp', text: 'äöü' });
      await cache.delete(key);
      expect(await raw.exists(key)).toBe(0);
    } finally {
      raw.disconnect();
    }
  });
});
