import type { InvalidationBus } from './bus.ts';
import type { Bytes } from './cache.ts';
import {
  ISSUED_CURSOR_TTL_SECONDS,
  type PageKeys,
  type PageLookup,
  type PageStore,
  type StoredPage,
} from './page-cache.ts';

export interface LocalPageStoreOptions {
  bus: InvalidationBus;
  /** Bodies kept at most, in bytes; the least recently used go first. */
  maxBytes: number;
  /** Generations kept at most; those of keys bumped longest ago go first (see `floor`). */
  maxGenerations?: number;
  now?: () => number;
}

interface Entry {
  /** Under its page key's generation key, which is always the same one for a page key. */
  generation: number;
  body: Bytes;
  expiresAt: number;
}

const MAX_ISSUED_CURSORS = 100_000;
const MAX_SEEN_PAGES = 100_000;
const MAX_SHARE_OF_ONE_PAGE = 16;
// A page is stored on its second read within this window (see `read`).
const SEEN_WINDOW_MS = 10 * 60 * 1000;
// Keys, bookkeeping and the Map's own entry, counted against maxBytes with each body.
const ENTRY_OVERHEAD_BYTES = 256;
// Past a bound, the oldest go until this share of it is left, so the walk from the oldest entry
// (past the holes deletions leave at the front of a Map) is not made on every insert.
const EVICT_DOWN_TO = 0.9;

/**
 * Drops a Map's oldest keys, down to a share of `max`, once its size (its number of keys, unless
 * `size` says otherwise) is over `max`.
 */
function trimOldest(
  map: Map<string, unknown>,
  max: number,
  { size = () => map.size, drop = (key: string): unknown => map.delete(key) } = {},
) {
  if (size() <= max) return;
  for (const oldest of map.keys()) {
    if (size() <= max * EVICT_DOWN_TO) break;
    drop(oldest);
  }
}

/**
 * Pages in this process's memory, checked against generations that live here too: a hit is a Map
 * lookup, with no round trip. Writes in this process bump the generation at once; writes in other
 * processes arrive over the bus. Generations are numbers from one counter that only grows, so a
 * generation is never handed out twice. Bodies are kept as given and sent as they are, so a caller
 * must not change a body after storing it.
 *
 * A page is admitted on its second read within ten minutes, not its first (as nginx's
 * `proxy_cache_min_uses 2`, each read extending the window): a crawler reading every article once
 * cannot push the pages readers keep coming back to out of the memory, and a page read once costs no
 * copy kept for nobody.
 *
 * Besides the pages (at most `maxBytes`), up to 100,000 generations, issued cursors and first reads
 * are kept each, as keys of a few dozen characters: some tens of MB at most.
 */
export function createLocalPageStore(options: LocalPageStoreOptions): PageStore & { readonly bytes: number } {
  const now = options.now ?? Date.now;
  const { bus, maxBytes } = options;
  const maxGenerations = options.maxGenerations ?? 100_000;
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();
  const issued = new Map<string, number>();
  const seen = new Map<string, number>();
  let counter = 0;
  // What a key without a generation of its own reads as. Raised to a dropped generation's value,
  // so a page stored under that (or any earlier) generation can never become current again.
  let floor = 0;
  let bytes = 0;

  const current = (key: string) => generations.get(key) ?? floor;
  const sizeOf = (key: string, entry: Entry) => entry.body.byteLength + key.length + ENTRY_OVERHEAD_BYTES;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= sizeOf(key, entry);
  };

  const bump = (key: string) => {
    generations.delete(key);
    generations.set(key, ++counter);
    trimOldest(generations, maxGenerations, {
      drop: (oldest) => {
        floor = Math.max(floor, generations.get(oldest) ?? floor);
        generations.delete(oldest);
      },
    });
  };

  // Issued cursors and first reads hold no page data, so they survive a reset.
  const forgetAll = () => {
    entries.clear();
    generations.clear();
    bytes = 0;
    floor = ++counter;
  };

  bus.subscribe({
    changed: (keys) => {
      for (const key of keys) bump(key);
    },
    reset: forgetAll,
  });

  const isIssued = (marker: string) => {
    const expiresAt = issued.get(marker);
    return expiresAt !== undefined && expiresAt > now();
  };

  /** Whether the page was read before within the window; marks this read, which extends the window. */
  const seenBefore = (page: string) => {
    const at = now();
    const expiresAt = seen.get(page);
    seen.delete(page);
    seen.set(page, at + SEEN_WINDOW_MS);
    trimOldest(seen, MAX_SEEN_PAGES);
    return expiresAt !== undefined && expiresAt > at;
  };

  return {
    get bytes() {
      return bytes;
    },

    async read(keys: PageKeys): Promise<PageLookup> {
      if (!bus.isLive()) return { isCacheable: false };
      const generation = current(keys.generation);
      const entry = entries.get(keys.page);
      if (entry && entry.generation === generation && entry.expiresAt > now()) {
        // Most recently used last: Map keeps insertion order.
        entries.delete(keys.page);
        entries.set(keys.page, entry);
        return { generation: String(generation), body: entry.body, isCacheable: true };
      }
      if (entry) drop(keys.page);
      const isCacheable = keys.issued === undefined || isIssued(keys.issued);
      return { generation: String(generation), isCacheable, keepsBody: isCacheable && seenBefore(keys.page) };
    },

    async store(lookup: PageLookup, page: StoredPage): Promise<void> {
      if (lookup.generation === undefined || !lookup.isCacheable || !bus.isLive()) return;
      if (page.issuedNext) {
        issued.delete(page.issuedNext);
        issued.set(page.issuedNext, now() + ISSUED_CURSOR_TTL_SECONDS * 1000);
        trimOldest(issued, MAX_ISSUED_CURSORS);
      }
      if (lookup.keepsBody === false) return;
      const generation = current(page.keys.generation);
      // Bumped since the lookup: the data may predate the write that bumped it.
      if (!page.body || String(generation) !== lookup.generation) return;
      const entry = {
        generation,
        body: page.body,
        expiresAt: now() + page.ttlSeconds * 1000,
      };
      // A page that would take much of the memory is served, not kept: it would push out everything.
      if (sizeOf(page.keys.page, entry) > maxBytes / MAX_SHARE_OF_ONE_PAGE) return;
      drop(page.keys.page);
      entries.set(page.keys.page, entry);
      bytes += sizeOf(page.keys.page, entry);
      trimOldest(entries, maxBytes, { size: () => bytes, drop });
    },

    async invalidate(keys, pages = []) {
      for (const key of keys) bump(key);
      for (const key of pages) drop(key);
      await bus.publish(keys);
    },

    close: () => bus.close(),
  };
}
