import { type Bytes, type Cache, type CounterState, decodeText, encodeText } from './cache.ts';

interface Entry {
  /** Text from the JSON methods and counters, bytes from `setRaw`: kept as given, converted on read. */
  value: string | Bytes;
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

  const write = (key: string, value: string | Bytes, ttlMs: number) => {
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
      return entry ? (JSON.parse(decodeText(entry.value)) as T) : undefined;
    },
    async getRaw(keys) {
      return keys.map((key) => {
        const entry = read(key);
        return entry ? encodeText(entry.value) : undefined;
      });
    },
    async setRaw(key, value, ttlSeconds) {
      // A copy: the caller may reuse its buffer, and a cached value must not change under a reader.
      write(key, typeof value === 'string' ? value : value.slice(), ttlSeconds * 1000);
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
      const count = entry ? Number(decodeText(entry.value)) + 1 : 1;
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
