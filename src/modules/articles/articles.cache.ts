import type { Bytes, Cache } from '../../cache/cache.ts';
import {
  bumpGeneration,
  MISS,
  type PageLookup,
  pageCacheAttempt,
  readPage,
  storePage,
} from '../../cache/page-cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The owner's article list (without a search), cached per user (src/cache/page-cache.ts) under a
 * generation that every write to the user's articles bumps: a dashboard reading its list again and
 * again costs one cache round trip instead of a query and the shaping of twenty summaries. Keys carry
 * the user id, and a page is only ever read after requireAuth accepted that user's token.
 */

export const OWNER_LIST_TTL_SECONDS = 60;

export interface OwnerListQuery {
  status?: string;
  limit: number;
  cursor?: string;
}

const generationKey = (userId: string) => `owner-articles:gen:v1:${userId}`;
const issuedCursorKey = (userId: string, query: OwnerListQuery, cursor: string) =>
  `owner-articles:issued:v1:${userId}:${query.status ?? '-'}:${query.limit}:${cursor}`;
// `-` for no status and for the first page, `c<cursor>` after it, so an empty cursor is not the first page's key.
const listKeys = (userId: string, query: OwnerListQuery) => ({
  generation: generationKey(userId),
  page: `owner-articles:v1:${userId}:${query.status ?? '-'}:${query.limit}:${query.cursor === undefined ? '-' : `c${query.cursor}`}`,
  issued: query.cursor === undefined ? undefined : issuedCursorKey(userId, query, query.cursor),
});

interface CacheDeps {
  cache: Cache;
  logger: Logger;
}

const attempt = (deps: CacheDeps) => pageCacheAttempt(deps.logger, 'article list cache unavailable');

export const readOwnerListPage = (deps: CacheDeps, userId: string, query: OwnerListQuery): Promise<PageLookup> =>
  attempt(deps)('read', () => readPage(deps.cache, listKeys(userId, query)), MISS);

export async function storeOwnerListPage(
  deps: CacheDeps,
  userId: string,
  query: OwnerListQuery,
  lookup: PageLookup,
  page: { body: Bytes; nextCursor: string | null },
): Promise<void> {
  await attempt(deps)(
    'store',
    () =>
      storePage(deps.cache, lookup, {
        key: listKeys(userId, query).page,
        body: page.body,
        ttlSeconds: OWNER_LIST_TTL_SECONDS,
        issuedNext: page.nextCursor ? issuedCursorKey(userId, query, page.nextCursor) : undefined,
      }),
    undefined,
  );
}

/** Drops every cached page of the user's list. Call it after a write to their articles committed, before answering. */
export const invalidateOwnerLists = (deps: CacheDeps, userId: string): Promise<void> =>
  attempt(deps)('invalidate', () => bumpGeneration(deps.cache, generationKey(userId)), undefined);
