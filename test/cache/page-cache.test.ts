import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from '../../src/cache/cache.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import {
  bodyUnderGeneration,
  bumpGeneration,
  readPage,
  storePage,
  withGeneration,
} from '../../src/cache/page-cache.ts';

const keys = { generation: 'test:gen', page: 'test:page' };
const store = (
  cache: ReturnType<typeof createMemoryCache>,
  lookup: Awaited<ReturnType<typeof readPage>>,
  text: string,
) => storePage(cache, lookup, { keys, body: encodeText(text), ttlSeconds: 60 });

describe('the generation-checked page cache', () => {
  it('never serves a body fetched before a generation bump but stored after it', async () => {
    const cache = createMemoryCache();
    const before = await readPage(cache, keys);
    await bumpGeneration(cache, keys.generation);
    await store(cache, before, 'stale');
    const after = await readPage(cache, keys);
    expect(after.body).toBeUndefined();
    expect(after.generation).not.toBe(before.generation);

    await store(cache, after, 'fresh');
    expect(decodeText((await readPage(cache, keys)).body ?? '')).toBe('fresh');
  });

  it('stores nothing after a failed read (no generation)', async () => {
    const cache = createMemoryCache();
    await storePage(cache, { isCacheable: true }, { keys, body: encodeText('x'), ttlSeconds: 60 });
    expect(await cache.getRaw([keys.page])).toEqual([undefined]);
  });

  it('stores a page for a cursor only once that cursor was issued with an earlier page', async () => {
    const cache = createMemoryCache();
    const second = { generation: 'feed:gen', page: 'feed:page:b', issued: 'feed:issued:b' };
    const unknown = await readPage(cache, second);
    expect(unknown.isCacheable).toBe(false);
    await storePage(cache, unknown, { keys: second, body: encodeText('{}'), ttlSeconds: 60 });
    expect((await readPage(cache, second)).body).toBeUndefined();

    const first = { generation: 'feed:gen', page: 'feed:page:first' };
    const firstLookup = await readPage(cache, first);
    expect(firstLookup.isCacheable).toBe(true);
    await storePage(cache, firstLookup, {
      keys: first,
      body: encodeText('{"a":1}'),
      ttlSeconds: 60,
      issuedNext: second.issued,
    });
    const issued = await readPage(cache, second);
    expect(issued.isCacheable).toBe(true);
    await storePage(cache, issued, { keys: second, body: encodeText('{"b":2}'), ttlSeconds: 60 });
    expect(decodeText((await readPage(cache, second)).body ?? '')).toBe('{"b":2}');
  });

  it('reads a value of another generation, or one that is not a generation value at all, as a miss', () => {
    const value = withGeneration('g3', encodeText('line one\nline two'));
    expect(decodeText(bodyUnderGeneration(value, 'g3') ?? encodeText('-'))).toBe('line one\nline two');
    expect(bodyUnderGeneration(value, 'g4')).toBeUndefined();
    expect(bodyUnderGeneration(value, 'g')).toBeUndefined();
    expect(bodyUnderGeneration(encodeText('no newline'), '0')).toBeUndefined();
    expect(bodyUnderGeneration(encodeText('\nleading newline'), '0')).toBeUndefined();
    expect(bodyUnderGeneration(undefined, '0')).toBeUndefined();
  });

  it('never makes an old page current again once a generation expired and was bumped anew', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const cache = createMemoryCache({ now: () => now });
    await bumpGeneration(cache, keys.generation);
    const stale = await readPage(cache, keys);
    await store(cache, stale, 'stored just before the generation expired');
    // The generation expires (no bump for its whole lifetime), then a write bumps it again.
    now += 7 * 24 * 60 * 60 * 1000 - 1000;
    await store(cache, await readPage(cache, keys), 'stored just before the generation expired');
    now += 2000;
    await bumpGeneration(cache, keys.generation);
    expect((await readPage(cache, keys)).body).toBeUndefined();
  });
});
