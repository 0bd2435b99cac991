import type { Bytes } from './cache.ts';
import {
  ISSUED_CURSOR_TTL_SECONDS,
  type PageKeys,
  type PageLookup,
  type PageStore,
  type StoredPage,
} from './page-cache.ts';

/**
 * How the processes of one deployment tell each other which generations a write replaced. A
 * subscription can drop messages while it is down, so the bus says when it is live: a store caches
 * nothing while it is not, and forgets everything when it stops being live.
 */
export interface InvalidationBus {
  /** Tells every other live subscriber that these generations changed. Throws when it cannot. */
  publish(generations: readonly string[]): Promise<void>;
  /** The receiver of other processes' messages (one per bus). */
  subscribe(receiver: BusReceiver): void;
  isLive(): boolean;
  close(): Promise<void>;
}

export interface BusReceiver {
  changed(generations: readonly string[]): void;
  /** Messages may have been lost: every page may be stale. */
  reset(): void;
}

/** The bus of a single process: there is no one else to tell, and nothing can be lost. */
export function createLocalBus(): InvalidationBus {
  return { publish: async () => {}, subscribe: () => {}, isLive: () => true, close: async () => {} };
}

export interface LocalPageStoreOptions {
  bus: InvalidationBus;
  /** Bodies kept at most, in bytes; the least recently used go first. */
  maxBytes: number;
  /** Generations kept at most; those of keys bumped longest ago go first (see `floor`). */
  maxGenerations?: number;
  now?: () => number;
}

interface Entry {
  generationKey: string;
  generation: number;
  body: Bytes;
  expiresAt: number;
}

const MAX_ISSUED_CURSORS = 100_000;
// Keys, bookkeeping and the Map's own entry, counted against maxBytes with each body.
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Pages in this process's memory, checked against generations that live here too: a hit is a Map
 * lookup, with no round trip. Writes in this process bump the generation at once; writes in other
 * processes arrive over the bus. Generations are numbers from one counter that only grows, so a
 * generation is never handed out twice. Bodies are kept as given and sent as they are, so a caller
 * must not change a body after storing it.
 */
export function createLocalPageStore(options: LocalPageStoreOptions): PageStore & { readonly bytes: number } {
  const now = options.now ?? Date.now;
  const { bus, maxBytes } = options;
  const maxGenerations = options.maxGenerations ?? 100_000;
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();
  const issued = new Map<string, number>();
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
    for (const [oldest, value] of generations) {
      if (generations.size <= maxGenerations) break;
      generations.delete(oldest);
      floor = Math.max(floor, value);
    }
  };

  const forgetAll = () => {
    entries.clear();
    generations.clear();
    issued.clear();
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

  return {
    get bytes() {
      return bytes;
    },

    async read(keys: PageKeys): Promise<PageLookup> {
      if (!bus.isLive()) return { isCacheable: false };
      const generation = current(keys.generation);
      const entry = entries.get(keys.page);
      if (entry && entry.generation === current(entry.generationKey) && entry.expiresAt > now()) {
        // Most recently used last: Map keeps insertion order.
        entries.delete(keys.page);
        entries.set(keys.page, entry);
        return { generation: String(generation), body: entry.body, isCacheable: true };
      }
      if (entry) drop(keys.page);
      return { generation: String(generation), isCacheable: keys.issued === undefined || isIssued(keys.issued) };
    },

    async store(lookup: PageLookup, page: StoredPage): Promise<void> {
      if (lookup.generation === undefined || !lookup.isCacheable || !bus.isLive()) return;
      const generation = current(page.keys.generation);
      // Bumped since the lookup: the data may predate the write that bumped it.
      if (String(generation) !== lookup.generation) return;
      const entry = {
        generationKey: page.keys.generation,
        generation,
        body: page.body,
        expiresAt: now() + page.ttlSeconds * 1000,
      };
      if (sizeOf(page.keys.page, entry) > maxBytes) return;
      drop(page.keys.page);
      entries.set(page.keys.page, entry);
      bytes += sizeOf(page.keys.page, entry);
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(oldest);
      }
      if (page.issuedNext) {
        issued.delete(page.issuedNext);
        issued.set(page.issuedNext, now() + ISSUED_CURSOR_TTL_SECONDS * 1000);
        for (const oldest of issued.keys()) {
          if (issued.size <= MAX_ISSUED_CURSORS) break;
          issued.delete(oldest);
        }
      }
    },

    async invalidate(keys, pages = []) {
      for (const key of keys) bump(key);
      for (const key of pages) drop(key);
      await bus.publish(keys);
    },

    close: () => bus.close(),
  };
}
