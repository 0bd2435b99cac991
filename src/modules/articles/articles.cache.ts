import { type Bytes, type Cache, encodeText } from '../../cache/cache.ts';
import {
  type CursorList,
  MISS,
  pageCacheAttempt,
  readListPage,
  sharedPageStore,
  storeListPage,
} from '../../cache/page-cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The owner's article list (without a search), read through a per-user page cache
 * (src/cache/page-cache.ts) under a generation that every write to the user's articles bumps: a
 * dashboard reading its list again and again costs one cache round trip instead of a query and the
 * shaping of twenty summaries. Keys carry the user id, and a page is only ever read after
 * `requireAuth` accepted that user's token. The lists stay in the shared store (Redis), never in a
 * process's memory: a user who just wrote must see it on the next request, whichever process answers.
 */

export const OWNER_LIST_TTL_SECONDS = 60;

export interface OwnerListQuery {
  status?: string;
  limit: number;
  cursor?: string;
}

export interface OwnerListCache {
  /** A page of the user's list as its JSON body, from the cache, else `load`ed and stored. */
  page(
    userId: string,
    query: OwnerListQuery,
    load: () => Promise<{ json: string; nextCursor: string | null }>,
  ): Promise<Bytes>;
  /** Drops every cached page of the user's list (the content writer's job, after each write). */
  invalidate(userId: string): Promise<void>;
}

const generationKey = (userId: string) => `owner-articles:gen:v1:${userId}`;
const ownerList = (userId: string, query: OwnerListQuery): CursorList => ({
  scope: `owner-articles:v1:${userId}:${query.status ?? '-'}:${query.limit}`,
  generation: generationKey(userId),
  ttlSeconds: OWNER_LIST_TTL_SECONDS,
});

export function createOwnerListCache(cache: Cache, logger: Logger): OwnerListCache {
  const store = sharedPageStore(cache);
  const attempt = pageCacheAttempt(logger, 'article list cache unavailable');
  return {
    async page(userId, query, load) {
      const list = ownerList(userId, query);
      const lookup = await attempt('read', () => readListPage(store, list, query.cursor), MISS);
      if (lookup.body) return lookup.body;
      const page = await load();
      const body = encodeText(page.json);
      await attempt(
        'store',
        () => storeListPage(store, list, query.cursor, lookup, { body, nextCursor: page.nextCursor }),
        undefined,
      );
      return body;
    },
    invalidate: (userId) => attempt('invalidate', () => store.invalidate([generationKey(userId)]), undefined),
  };
}
