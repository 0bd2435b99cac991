import type { Cache } from '../../cache/cache.ts';
import { sha256Hex } from '../../crypto/encoding.ts';
import type { ResearchResult } from './research-queries.repository.ts';

/** A copy of the database's answer; the database stays the truth (a cold cache only costs a query). */
export const RESEARCH_CACHE_TTL_SECONDS = 60 * 60;

/** The key hashes the normalised query: bounded length, and no user text in key names. */
export const researchCacheKey = async (userId: string, normalizedQuery: string): Promise<string> =>
  `research:v1:${userId}:${await sha256Hex(normalizedQuery)}`;

export function createResearchCache(cache: Cache) {
  return {
    async get(userId: string, normalizedQuery: string): Promise<ResearchResult | undefined> {
      return cache.get<ResearchResult>(await researchCacheKey(userId, normalizedQuery));
    },

    /** After a create: the new row is the latest result, so it replaces whatever was cached. */
    async replace(userId: string, normalizedQuery: string, result: ResearchResult): Promise<void> {
      await cache.set(await researchCacheKey(userId, normalizedQuery), result, RESEARCH_CACHE_TTL_SECONDS);
    },

    /**
     * After a database read: only fills an empty key, so a slow read never overwrites the
     * newer result a concurrent create has just stored.
     */
    async fill(userId: string, normalizedQuery: string, result: ResearchResult): Promise<void> {
      await cache.setIfAbsent(await researchCacheKey(userId, normalizedQuery), result, RESEARCH_CACHE_TTL_SECONDS);
    },

    async forget(userId: string, normalizedQuery: string): Promise<void> {
      await cache.delete(await researchCacheKey(userId, normalizedQuery));
    },
  };
}
