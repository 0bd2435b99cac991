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
) => storePage(cache, lookup, { key: keys.page, body: encodeText(text), ttlSeconds: 60 });

describe('the generation-checked page cache', () => {
  it('never serves a body fetched before a generation bump but stored after it', async () => {
    const cache = createMemoryCache();
    const before = await readPage(cache, keys);
    await bumpGeneration(cache, keys.generation);
    await store(cache, before, 'stale');
    const after = await readPage(cache, keys);
    expect(after.body).toBeUndefined();
    expect(after.generation).toBe(1);

    await store(cache, after, 'fresh');
    expect(decodeText((await readPage(cache, keys)).body ?? '')).toBe('fresh');
  });

  it('stores nothing after a failed read (generation -1)', async () => {
    const cache = createMemoryCache();
    await storePage(
      cache,
      { generation: -1, isCacheable: true },
      { key: keys.page, body: encodeText('x'), ttlSeconds: 60 },
    );
    expect(await cache.getRaw([keys.page])).toEqual([undefined]);
  });

  it('stores a page for a cursor only once that cursor was issued with an earlier page', async () => {
    const cache = createMemoryCache();
    const second = { generation: 'feed:gen', page: 'feed:page:b', issued: 'feed:issued:b' };
    const unknown = await readPage(cache, second);
    expect(unknown.isCacheable).toBe(false);
    await storePage(cache, unknown, { key: second.page, body: encodeText('{}'), ttlSeconds: 60 });
    expect((await readPage(cache, second)).body).toBeUndefined();

    const first = { generation: 'feed:gen', page: 'feed:page:first' };
    const firstLookup = await readPage(cache, first);
    expect(firstLookup.isCacheable).toBe(true);
    await storePage(cache, firstLookup, {
      key: first.page,
      body: encodeText('{"a":1}'),
      ttlSeconds: 60,
      issuedNext: second.issued,
    });
    const issued = await readPage(cache, second);
    expect(issued.isCacheable).toBe(true);
    await storePage(cache, issued, { key: second.page, body: encodeText('{"b":2}'), ttlSeconds: 60 });
    expect(decodeText((await readPage(cache, second)).body ?? '')).toBe('{"b":2}');
  });

  it('reads a value of another generation, or one that is not a generation value at all, as a miss', () => {
    const value = withGeneration(3, encodeText('line one\nline two'));
    expect(decodeText(bodyUnderGeneration(value, 3) ?? encodeText('-'))).toBe('line one\nline two');
    expect(bodyUnderGeneration(value, 4)).toBeUndefined();
    expect(bodyUnderGeneration(encodeText('no newline'), 0)).toBeUndefined();
    expect(bodyUnderGeneration(encodeText('\nleading newline'), 0)).toBeUndefined();
    expect(bodyUnderGeneration(encodeText('x\nnot a number'), 0)).toBeUndefined();
    expect(bodyUnderGeneration(undefined, 0)).toBeUndefined();
  });
});
