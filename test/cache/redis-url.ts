import { Redis } from 'ioredis';

/**
 * The Redis the adapter tests run against: TEST_REDIS_URL, else a local Redis on the default port
 * when one answers. Undefined (and a message saying so) when there is none.
 */
export async function reachableRedisUrl(): Promise<string | undefined> {
  const url = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return url;
  } catch {
    if (process.env.TEST_REDIS_URL) throw new Error(`TEST_REDIS_URL is set but ${url} does not answer`);
    console.warn(`No Redis at ${url}: set TEST_REDIS_URL or start redis-server to run the Redis adapter tests.`);
    return undefined;
  } finally {
    probe.disconnect();
  }
}
