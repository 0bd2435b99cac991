import type { Cache, CounterState } from './cache.ts';

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryCacheOptions {
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  now?: () => number;
}

/** In-process cache for a single process with nothing configured; bounded, with TTLs. */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on read makes its first key the least recent.
  const entries = new Map<string, Entry>();

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  };

  const write = (key: string, value: string, ttlMs: number) => {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  };

  return {
    kind: 'memory',
    async get<T>(key: string) {
      const entry = read(key);
      return entry ? (JSON.parse(entry.value) as T) : undefined;
    },
    async set(key, value, ttlSeconds) {
      write(key, JSON.stringify(value), ttlSeconds * 1000);
    },
    async setIfAbsent(key, value, ttlSeconds) {
      if (read(key)) return false;
      write(key, JSON.stringify(value), ttlSeconds * 1000);
      return true;
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async increment(key, windowSeconds): Promise<CounterState> {
      const entry = read(key);
      const count = entry ? Number(entry.value) + 1 : 1;
      const resetMs = entry ? entry.expiresAt - now() : windowSeconds * 1000;
      write(key, String(count), resetMs);
      return { count, resetMs };
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  };
}
