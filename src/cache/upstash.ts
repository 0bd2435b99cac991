import { Redis } from '@upstash/redis';
import {
  type Cache,
  type CounterState,
  decodeText,
  decodeValue,
  encodeText,
  INCREMENT_SCRIPT,
  parseCounterReply,
} from './cache.ts';

export interface UpstashCacheOptions {
  url: string;
  token: string;
  /** Retries of network errors; the client's default (~4 s of back-off) is too long for a request path. */
  retries?: number;
  /**
   * Batch the commands of one tick into one request (the client's default). Off on Workers: a batch
   * holding two requests' commands would settle one request's promises from the other's I/O.
   */
  autoPipelining?: boolean;
}

/** Redis over HTTP (Upstash REST protocol): Workers and Node alike, since it only needs fetch. */
export function createUpstashCache(options: UpstashCacheOptions): Cache {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    automaticDeserialization: false,
    enableAutoPipelining: options.autoPipelining ?? true,
    retry: options.retries === 0 ? false : { retries: options.retries ?? 1, backoff: () => 50 },
  });
  return {
    kind: 'upstash',
    async get<T>(key: string) {
      return decodeValue<T>(await redis.get<string>(key));
    },
    async set(key, value, ttlSeconds) {
      await redis.set(key, JSON.stringify(value), { ex: ttlSeconds });
    },
    async getRaw(keys) {
      if (keys.length === 0) return [];
      // Over HTTP the values arrive as JSON strings: bytes are made here for the port's sake.
      const values = await redis.mget<(string | null)[]>(...keys);
      return values.map((value) => (value === null ? undefined : encodeText(value)));
    },
    async setRaw(key, value, ttlSeconds) {
      await redis.set(key, decodeText(value), { ex: ttlSeconds });
    },
    async setIfAbsent(key, value, ttlSeconds) {
      return (await redis.set(key, JSON.stringify(value), { ex: ttlSeconds, nx: true })) === 'OK';
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys);
    },
    async increment(key, windowSeconds): Promise<CounterState> {
      return parseCounterReply(await redis.eval(INCREMENT_SCRIPT, [key], [String(windowSeconds * 1000)]));
    },
    async ping() {
      await redis.ping();
    },
    async close() {},
  };
}
