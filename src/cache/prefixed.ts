import type { Cache } from './cache.ts';

/** Puts every key under `prefix`: several apps, or parallel test files, can share one Redis. */
export function withPrefix<C extends Cache>(cache: C, prefix: string): C {
  const key = (name: string) => `${prefix}${name}`;
  return {
    ...cache,
    get: (name) => cache.get(key(name)),
    set: (name, value, ttl) => cache.set(key(name), value, ttl),
    getRaw: (names) => cache.getRaw(names.map(key)),
    setRaw: (name, value, ttl) => cache.setRaw(key(name), value, ttl),
    setIfAbsent: (name, value, ttl) => cache.setIfAbsent(key(name), value, ttl),
    delete: (...names) => cache.delete(...names.map(key)),
    increment: (name, window) => cache.increment(key(name), window),
  };
}
