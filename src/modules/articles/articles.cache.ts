import type { Bytes, Cache } from '../../cache/cache.ts';
import {
  type CursorList,
  MISS,
  type PageLookup,
  pageCacheAttempt,
  readListPage,
  sharedPageStore,
  storeListPage,
} from '../../cache/page-cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The owner's article list (without a search), cached per user (src/cache/page-cache.ts) under a
 * generation that every write to the user's articles bumps: a dashboard reading its list again and
 * again costs one cache round trip instead of a query and the shaping of twenty summaries. Keys carry
 * the user id, and a page is only ever read after requireAuth accepted that user's token. The lists
 * stay in the shared store (Redis), never in a process's memory: a user who just wrote must see it on
 * the next request, whichever process answers it.
 */

export const OWNER_LIST_TTL_SECONDS = 60;

export interface OwnerListQuery {
  status?: string;
  limit: number;
  cursor?: string;
}

const generationKey = (userId: string) => `owner-articles:gen:v1:${userId}`;
const ownerList = (userId: string, query: OwnerListQuery): CursorList => ({
  scope: `owner-articles:v1:${userId}:${query.status ?? '-'}:${query.limit}`,
  generation: generationKey(userId),
  ttlSeconds: OWNER_LIST_TTL_SECONDS,
});

interface CacheDeps {
  cache: Cache;
  logger: Logger;
}

const attempt = (deps: CacheDeps) => pageCacheAttempt(deps.logger, 'article list cache unavailable');

export const readOwnerListPage = (deps: CacheDeps, userId: string, query: OwnerListQuery): Promise<PageLookup> =>
  attempt(deps)('read', () => readListPage(sharedPageStore(deps.cache), ownerList(userId, query), query.cursor), MISS);

export const storeOwnerListPage = (
  deps: CacheDeps,
  userId: string,
  query: OwnerListQuery,
  lookup: PageLookup,
  page: { body: Bytes; nextCursor: string | null },
): Promise<void> =>
  attempt(deps)(
    'store',
    () => storeListPage(sharedPageStore(deps.cache), ownerList(userId, query), query.cursor, lookup, page),
    undefined,
  );

/** Drops every cached page of the user's list. Call it after a write to their articles committed, before answering. */
export const invalidateOwnerLists = (deps: CacheDeps, userId: string): Promise<void> =>
  attempt(deps)('invalidate', () => sharedPageStore(deps.cache).invalidate([generationKey(userId)]), undefined);
