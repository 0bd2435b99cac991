import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { describeCacheContract } from './contract.ts';

describeCacheContract('memory', async () => {
  let now = Date.parse('2026-01-15T10:00:00.000Z');
  return {
    cache: createMemoryCache({ now: () => now }),
    elapse: async (ms) => {
      now += ms;
    },
    close: async () => {},
  };
});

describe('memory cache bound', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.set('c', 3, 60);
    // Reading `a` makes `b` the least recently used.
    expect(await cache.get('a')).toBe(1);
    await cache.set('d', 4, 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
    expect(await cache.get('d')).toBe(4);
  });

  it('never holds more than maxEntries, counters included', async () => {
    const cache = createMemoryCache({ maxEntries: 100 });
    for (let index = 0; index < 1000; index++) await cache.increment(`counter:${index}`, 60);
    let present = 0;
    for (let index = 0; index < 1000; index++) if ((await cache.get(`counter:${index}`)) !== undefined) present++;
    expect(present).toBe(100);
    expect(await cache.get('counter:999')).toBe(1);
    expect(await cache.get('counter:0')).toBeUndefined();
  });

  it('empties on close', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 'v', 60);
    await cache.close();
    expect(await cache.get('k')).toBeUndefined();
  });
});
