import type { Logger } from '../logger.ts';
import type { Cache } from './cache.ts';
import { createMemoryCache } from './memory.ts';

export interface CacheHealth {
  /** False from a failed call until the next call that succeeds. */
  isHealthy(): boolean;
}

const LOG_INTERVAL_MS = 30_000;

/**
 * Wraps a remote cache so that its failure never fails a request: a read is a miss, a write is
 * skipped, and counters and locks fall back to this process's memory (a per-process rate limit
 * rather than none). Failures are logged at most once per interval.
 */
export function withFallback(remote: Cache, logger: Logger, now: () => number = Date.now): Cache & CacheHealth {
  const local = createMemoryCache({ maxEntries: 10_000, now });
  let healthy = true;
  let lastLogAt = Number.NEGATIVE_INFINITY;

  const failed = (operation: string, error: unknown) => {
    healthy = false;
    if (now() - lastLogAt >= LOG_INTERVAL_MS) {
      lastLogAt = now();
      logger.warn('cache unavailable; serving without it', {
        cache: remote.kind,
        operation,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  async function attempt<T>(operation: string, run: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      if (!healthy) {
        healthy = true;
        logger.info('cache available again', { cache: remote.kind });
      }
      return result;
    } catch (error) {
      failed(operation, error);
      return fallback();
    }
  }

  return {
    kind: remote.kind,
    isHealthy: () => healthy,
    get: <T>(key: string) =>
      attempt(
        'get',
        () => remote.get<T>(key),
        async () => undefined,
      ),
    set: (key, value, ttl) =>
      attempt(
        'set',
        () => remote.set(key, value, ttl),
        async () => {},
      ),
    getRaw: (keys) =>
      attempt(
        'getRaw',
        () => remote.getRaw(keys),
        async () => keys.map(() => undefined),
      ),
    setRaw: (key, value, ttl) =>
      attempt(
        'setRaw',
        () => remote.setRaw(key, value, ttl),
        async () => {},
      ),
    setIfAbsent: (key, value, ttl) =>
      attempt(
        'setIfAbsent',
        () => remote.setIfAbsent(key, value, ttl),
        () => local.setIfAbsent(key, value, ttl),
      ),
    delete: (...keys) =>
      attempt(
        'delete',
        () => remote.delete(...keys),
        () => local.delete(...keys),
      ),
    increment: (key, window) =>
      attempt(
        'increment',
        () => remote.increment(key, window),
        () => local.increment(key, window),
      ),
    ping: () => remote.ping(),
    close: () => remote.close(),
  };
}
