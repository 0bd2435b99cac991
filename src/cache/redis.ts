import { Redis, type RedisOptions } from 'ioredis';
import {
  type Bytes,
  type Cache,
  type CounterState,
  decodeValue,
  INCREMENT_SCRIPT,
  parseCounterReply,
} from './cache.ts';

/**
 * How every connection to Redis behaves: connected by the caller, failing fast while disconnected
 * (no offline queue, one retry, short timeouts) so a dead Redis reads as a miss rather than a wait,
 * and reconnecting on its own.
 */
export const FAIL_FAST_REDIS_OPTIONS = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 1000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
} as const satisfies RedisOptions;

/** Redis over TCP (Node only). Fails fast while disconnected so a dead Redis reads as a cache miss. */
export async function createRedisCache(url: string): Promise<Cache> {
  const redis = new Redis(url, {
    ...FAIL_FAST_REDIS_OPTIONS,
    // Commands issued in one turn of the event loop (the cache reads of concurrent requests) go out
    // in one write: on loopback the system call costs more than the command.
    enableAutoPipelining: true,
  });
  // Errors surface on the commands that hit them; the reconnect loop keeps going on its own.
  redis.on('error', () => {});
  await redis.connect().catch(() => {});
  return {
    kind: 'redis',
    async get<T>(key: string) {
      return decodeValue<T>(await redis.get(key));
    },
    async set(key, value, ttlSeconds) {
      await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    },
    async getRaw(keys) {
      if (keys.length === 0) return [];
      // Buffers straight from the reply parser: no UTF-8 decoding of what is only passed on.
      // (Node's Buffers here are never over a SharedArrayBuffer.)
      return (await redis.mgetBuffer(...keys)).map((value) => (value ?? undefined) as Bytes | undefined);
    },
    async setRaw(key, value, ttlSeconds) {
      await redis.set(
        key,
        typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
        'EX',
        ttlSeconds,
      );
    },
    async setIfAbsent(key, value, ttlSeconds) {
      return (await redis.set(key, JSON.stringify(value), 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys);
    },
    async increment(key, windowSeconds): Promise<CounterState> {
      return parseCounterReply(await redis.eval(INCREMENT_SCRIPT, 1, key, String(windowSeconds * 1000)));
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      redis.disconnect();
    },
  };
}
