import { describe, expect, it } from 'vitest';
import type { Bytes, Cache } from '../../src/cache/cache.ts';
import { createRedisCache } from '../../src/cache/redis.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createUpstashCache } from '../../src/cache/upstash.ts';
import { createLogger } from '../../src/logger.ts';

/** A remote cache that fails every call until `healthy` is set, counting the calls it saw. */
function flakyRemote() {
  const state = { healthy: false, calls: 0 };
  const store = new Map<string, unknown>();
  const guard = () => {
    state.calls++;
    if (!state.healthy) throw new Error('connect ECONNREFUSED 10.0.0.1:6379');
  };
  const cache: Cache = {
    kind: 'redis',
    async get<T>(key: string) {
      guard();
      return store.get(key) as T | undefined;
    },
    async set(key, value) {
      guard();
      store.set(key, value);
    },
    async getRaw(keys) {
      guard();
      return keys.map((key) => store.get(key) as Bytes | undefined);
    },
    async setRaw(key, value) {
      guard();
      store.set(key, value);
    },
    async setIfAbsent(key, value) {
      guard();
      if (store.has(key)) return false;
      store.set(key, value);
      return true;
    },
    async delete(...keys) {
      guard();
      for (const key of keys) store.delete(key);
    },
    async increment() {
      guard();
      return { count: 100, resetMs: 1 };
    },
    async ping() {
      guard();
    },
    async close() {},
  };
  return { cache, state, store };
}

function setup() {
  let now = Date.parse('2026-01-15T10:00:00.000Z');
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line)));
  const remote = flakyRemote();
  const cache = withFallback(remote.cache, logger, () => now);
  const advance = (ms: number) => {
    now += ms;
  };
  return { cache, remote, lines, advance };
}

describe('withFallback', () => {
  it('turns a failing remote into misses and skipped writes instead of errors', async () => {
    const { cache, remote } = setup();
    await expect(cache.set('k', 'v', 60)).resolves.toBeUndefined();
    await expect(cache.get('k')).resolves.toBeUndefined();
    await expect(cache.delete('k')).resolves.toBeUndefined();
    await expect(cache.setRaw('r', 'v', 60)).resolves.toBeUndefined();
    await expect(cache.getRaw(['r', 's'])).resolves.toEqual([undefined, undefined]);
    expect(remote.state.calls).toBe(5);
    expect(cache.isHealthy()).toBe(false);
  });

  it('falls back to local counters and locks while the remote is down', async () => {
    const { cache } = setup();
    expect(await cache.increment('rate', 60)).toEqual({ count: 1, resetMs: 60_000 });
    expect((await cache.increment('rate', 60)).count).toBe(2);
    expect(await cache.setIfAbsent('lock', 1, 60)).toBe(true);
    expect(await cache.setIfAbsent('lock', 1, 60)).toBe(false);
  });

  it('logs the failure at most once per interval, without the values', async () => {
    const { cache, lines, advance } = setup();
    for (let index = 0; index < 20; index++) await cache.get(`k${index}`);
    await cache.set('secret-key', { password: 'hunter2' }, 60);
    const warnings = () => lines.filter((line) => line.level === 'warn');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({
      msg: 'cache unavailable; serving without it',
      cache: 'redis',
      operation: 'get',
    });
    expect(JSON.stringify(lines)).not.toContain('hunter2');

    advance(29_000);
    await cache.get('k');
    expect(warnings()).toHaveLength(1);
    advance(1_000);
    await cache.increment('k', 60);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toMatchObject({ operation: 'increment' });
  });

  it('uses the remote again once it recovers, and says so once', async () => {
    const { cache, remote, lines } = setup();
    await cache.get('k');
    remote.state.healthy = true;
    await cache.set('k', 'remote value', 60);
    expect(remote.store.get('k')).toBe('remote value');
    expect(await cache.get('k')).toBe('remote value');
    expect(cache.isHealthy()).toBe(true);
    expect((await cache.increment('n', 60)).count).toBe(100);
    expect(lines.filter((line) => line.msg === 'cache available again')).toHaveLength(1);
  });

  it('passes ping failures through so readiness can report the cache', async () => {
    const { cache } = setup();
    await expect(cache.ping()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves misses quickly from a real Redis adapter pointed at a closed port', async () => {
    const lines: string[] = [];
    const cache = withFallback(
      await createRedisCache('redis://127.0.0.1:1'),
      createLogger('warn', (line) => lines.push(line)),
    );
    try {
      const started = performance.now();
      expect(await cache.get('k')).toBeUndefined();
      expect((await cache.increment('k', 60)).count).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(lines).toHaveLength(1);
    } finally {
      await cache.close();
    }
  });

  it('serves misses from a real Upstash adapter pointed at a closed port', async () => {
    const lines: string[] = [];
    const cache = withFallback(
      createUpstashCache({ url: 'http://127.0.0.1:1', token: 't', retries: 0 }),
      createLogger('warn', (line) => lines.push(line)),
    );
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.setIfAbsent('k', 1, 60)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"cache":"upstash"');
  });
});
