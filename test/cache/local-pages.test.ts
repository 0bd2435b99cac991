import { describe, expect, it } from 'vitest';
import { type BusReceiver, createLocalBus, type InvalidationBus } from '../../src/cache/bus.ts';
import { decodeText, encodeText } from '../../src/cache/cache.ts';
import { createLocalPageStore, type LocalPageStoreOptions } from '../../src/cache/local-pages.ts';
import type { PageKeys, PageStore } from '../../src/cache/page-cache.ts';

const keys: PageKeys = { generation: 'test:gen', page: 'test:page' };

/** A bus this test drives: it says when it is live, records what was published, and delivers by hand. */
function fakeBus() {
  let receiver: BusReceiver | undefined;
  const published: string[][] = [];
  const bus: InvalidationBus & { live: boolean } = {
    live: true,
    publish: async (generations) => {
      published.push([...generations]);
    },
    subscribe: (next) => {
      receiver = next;
    },
    isLive: () => bus.live,
    close: async () => {},
  };
  return {
    bus,
    published,
    deliver: (generations: string[]) => receiver?.changed(generations),
    reset: () => receiver?.reset(),
  };
}

const localStore = (options: Partial<LocalPageStoreOptions> = {}) =>
  createLocalPageStore({ bus: createLocalBus(), maxBytes: 1024 * 1024, ...options });

/** Reads the page twice (it is kept from its second read on), then stores `text` as it. */
async function storeText(store: PageStore, pageKeys: PageKeys, text: string, ttlSeconds = 60) {
  await store.read(pageKeys);
  await store.store(await store.read(pageKeys), { keys: pageKeys, body: encodeText(text), ttlSeconds });
}

const readText = async (store: PageStore, pageKeys: PageKeys = keys) => {
  const { body } = await store.read(pageKeys);
  return body ? decodeText(body) : undefined;
};

describe('the local page store', () => {
  it('never serves a page fetched before an invalidation but stored after it', async () => {
    const store = localStore();
    await store.read(keys);
    const before = await store.read(keys);
    expect(before.keepsBody).toBe(true);
    await store.invalidate([keys.generation]);
    await store.store(before, { keys, body: encodeText('stale'), ttlSeconds: 60 });
    expect(await readText(store)).toBeUndefined();

    await storeText(store, keys, 'fresh');
    expect(await readText(store)).toBe('fresh');
    await store.invalidate([keys.generation]);
    expect(await readText(store)).toBeUndefined();
  });

  it('keeps a page from its second read on, so pages read once cannot push out those read again', async () => {
    let now = 1_000_000;
    const body = 'x'.repeat(1000);
    const store = localStore({ maxBytes: 16 * 1300, now: () => now });
    const page = (name: string): PageKeys => ({ generation: 'gen', page: name });
    const once = await store.read(page('popular'));
    expect(once.keepsBody).toBe(false);
    await store.store(once, { keys: page('popular'), body: encodeText(body), ttlSeconds: 60 });
    expect(await readText(store, page('popular'))).toBeUndefined();
    // That was its second read: kept from now on.
    await storeText(store, page('popular'), body);
    expect(await readText(store, page('popular'))).toBe(body);

    // A crawler reads a hundred other pages once each: none is kept, nothing is pushed out.
    for (let index = 0; index < 100; index++) {
      const lookup = await store.read(page(`crawled-${index}`));
      await store.store(lookup, { keys: page(`crawled-${index}`), body: encodeText(body), ttlSeconds: 60 });
    }
    expect(await readText(store, page('popular'))).toBe(body);
    expect(await readText(store, page('crawled-0'))).toBeUndefined();

    // Read again only after the window: counts as a first read again.
    await store.read(page('late'));
    now += 10 * 60 * 1000;
    expect((await store.read(page('late'))).keepsBody).toBe(false);
  });

  it('counts a page only until its TTL', async () => {
    let now = 1_000_000;
    const store = localStore({ now: () => now });
    await storeText(store, keys, 'short-lived', 5);
    now += 4_999;
    expect(await readText(store)).toBe('short-lived');
    now += 1;
    expect(await readText(store)).toBeUndefined();
  });

  it('keeps at most maxBytes of pages, dropping the least recently used first', async () => {
    const page = (index: number): PageKeys => ({ generation: 'gen', page: `page-${index}` });
    const body = 'x'.repeat(1000);
    // Room for sixteen pages of this size with their bookkeeping (a page may take a sixteenth).
    const store = localStore({ maxBytes: 16 * 1300 });
    for (let index = 0; index < 16; index++) await storeText(store, page(index), body);
    expect(await readText(store, page(0))).toBe(body);
    await storeText(store, page(16), body);
    // Past the bound, the least recently used go (page 0 was read after the others were stored).
    expect(await readText(store, page(1))).toBeUndefined();
    expect(await readText(store, page(0))).toBe(body);
    expect(await readText(store, page(16))).toBe(body);
    expect(store.bytes).toBeLessThanOrEqual(16 * 1300);

    // More than a sixteenth of the memory: served, never kept (it would push everything else out).
    await storeText(store, page(99), 'y'.repeat(2000));
    expect(await readText(store, page(99))).toBeUndefined();
    expect(await readText(store, page(0))).toBe(body);
  });

  it("stores a cursor's page only once that cursor was issued with an earlier page", async () => {
    const store = localStore();
    const second: PageKeys = { generation: 'feed:gen', page: 'feed:page:b', issued: 'feed:issued:b' };
    const unknown = await store.read(second);
    expect(unknown.isCacheable).toBe(false);
    await store.store(unknown, { keys: second, body: encodeText('{}'), ttlSeconds: 60 });
    expect(await readText(store, second)).toBeUndefined();

    const first: PageKeys = { generation: 'feed:gen', page: 'feed:page:first' };
    await store.store(await store.read(first), {
      keys: first,
      body: encodeText('{"a":1}'),
      ttlSeconds: 60,
      issuedNext: second.issued,
    });
    // Issued now, though the first page itself was read once and so not kept.
    expect(await readText(store, first)).toBeUndefined();
    expect((await store.read(second)).isCacheable).toBe(true);
    const issued = await store.read(second);
    expect(issued.keepsBody).toBe(true);
    await store.store(issued, { keys: second, body: encodeText('{"b":2}'), ttlSeconds: 60 });
    expect(await readText(store, second)).toBe('{"b":2}');
  });

  it('never makes an old page current again when generations are dropped for room', async () => {
    const store = localStore({ maxGenerations: 2 });
    await storeText(store, keys, 'stored before any write');
    const raced = await store.read(keys);
    await store.invalidate([keys.generation]);
    await store.store(raced, { keys, body: encodeText('fetched before the write'), ttlSeconds: 60 });

    // Writes to other keys push the page's generation out: the key has no generation of its own
    // any more, and must not read as it did before its write.
    for (let other = 0; other < 3; other++) await store.invalidate([`other:${other}:gen`]);
    expect(await readText(store)).toBeUndefined();

    await storeText(store, keys, 'fresh');
    expect(await readText(store)).toBe('fresh');
  });

  it("applies other processes' invalidations from the bus, and forgets everything on a reset", async () => {
    const fake = fakeBus();
    const store = createLocalPageStore({ bus: fake.bus, maxBytes: 1024 * 1024 });
    const other: PageKeys = { generation: 'other:gen', page: 'other:page' };
    await storeText(store, keys, 'one');
    await storeText(store, other, 'two');

    fake.deliver([keys.generation]);
    expect(await readText(store)).toBeUndefined();
    expect(await readText(store, other)).toBe('two');

    const raced = await store.read(other);
    fake.reset();
    expect(await readText(store, other)).toBeUndefined();
    expect(store.bytes).toBe(0);
    // A page fetched before the reset is not stored after it.
    await store.store(raced, { keys: other, body: encodeText('fetched before the reset'), ttlSeconds: 60 });
    expect(await readText(store, other)).toBeUndefined();
  });

  it('publishes its own invalidations, and caches nothing while the bus is not live', async () => {
    const fake = fakeBus();
    const store = createLocalPageStore({ bus: fake.bus, maxBytes: 1024 * 1024 });
    await store.invalidate(['a:gen', 'b:gen'], ['a:page']);
    expect(fake.published).toEqual([['a:gen', 'b:gen']]);

    fake.bus.live = false;
    const lookup = await store.read(keys);
    expect(lookup).toEqual({ isCacheable: false });
    await store.store({ generation: '0', isCacheable: true }, { keys, body: encodeText('x'), ttlSeconds: 60 });
    fake.bus.live = true;
    expect(await readText(store)).toBeUndefined();
  });
});
