import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { withPrefix } from '../../src/cache/prefixed.ts';
import { describeCacheContract } from './contract.ts';

describeCacheContract('memory under a prefix', async () => {
  let now = Date.parse('2026-01-15T10:00:00.000Z');
  return {
    cache: withPrefix(createMemoryCache({ now: () => now }), 'app:'),
    elapse: async (ms) => {
      now += ms;
    },
    close: async () => {},
  };
});

describe('withPrefix', () => {
  it('stores every key under the prefix of the underlying cache', async () => {
    const inner = createMemoryCache();
    const cache = withPrefix(inner, 'tenant-a:');
    await cache.set('profile', { id: 1 }, 60);
    await cache.increment('hits', 60);
    expect(await inner.get('tenant-a:profile')).toEqual({ id: 1 });
    expect(await inner.get('tenant-a:hits')).toBe(1);
    expect(await inner.get('profile')).toBeUndefined();
  });

  it('keeps two prefixes on one cache apart, for every operation', async () => {
    const inner = createMemoryCache();
    const a = withPrefix(inner, 'a:');
    const b = withPrefix(inner, 'b:');
    await a.set('k', 'from a', 60);
    await b.set('k', 'from b', 60);
    expect(await a.get('k')).toBe('from a');
    expect(await b.get('k')).toBe('from b');

    expect(await a.setIfAbsent('lock', 1, 60)).toBe(true);
    expect(await b.setIfAbsent('lock', 1, 60)).toBe(true);

    await a.increment('n', 60);
    await a.increment('n', 60);
    expect((await b.increment('n', 60)).count).toBe(1);

    await a.delete('k', 'lock');
    expect(await a.get('k')).toBeUndefined();
    expect(await b.get('k')).toBe('from b');
    expect(await b.setIfAbsent('lock', 2, 60)).toBe(false);
  });

  it('keeps the kind and ping of the wrapped cache', async () => {
    const cache = withPrefix(createMemoryCache(), 'x:');
    expect(cache.kind).toBe('memory');
    await expect(cache.ping()).resolves.toBeUndefined();
  });
});
