import { type Bytes, type Cache, decodeText, encodeText } from '../../cache/cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The public page of an article, cached per slug together with the generation it was read under.
 * Every write that can change a public page bumps the slug's generation, and a page counts only
 * when its generation is the current one: a reader that fetched the old row before the write but
 * stores it after the invalidation stores it under a generation nobody reads any more, so no reader
 * sees the old page once the write returned. The generation and the page are read in one MGET.
 *
 * Stored as `<generation>\n<etag>\n<body>`, raw: a hit is written to the client as the bytes that
 * came from the cache, with no JSON decoding or re-encoding of the ~20 KB body.
 */

export const PUBLIC_ARTICLE_TTL_SECONDS = 300;
// Far longer than a page lives, so a generation that expires and restarts at 1 finds no page of its own.
const GENERATION_TTL_SECONDS = 7 * 24 * 60 * 60;

const generationKey = (slug: string) => `public-article:gen:v1:${slug}`;
const pageKey = (slug: string) => `public-article:v2:${slug}`;

export interface CachedPublicArticle {
  etag: string;
  /** The JSON body, UTF-8. */
  body: Bytes;
}

interface CacheDeps {
  cache: Cache;
  logger: Logger;
}

function logFailure(deps: CacheDeps, operation: string, error: unknown) {
  deps.logger.warn('public article cache unavailable', {
    operation,
    error: error instanceof Error ? error.message : String(error),
  });
}

const NEWLINE = 10;

/** The page if it was stored under `generation`; anything else (older, or not ours) is a miss. */
function parsePage(value: Bytes, generation: number): CachedPublicArticle | undefined {
  const afterGeneration = value.indexOf(NEWLINE);
  const afterEtag = afterGeneration < 0 ? -1 : value.indexOf(NEWLINE, afterGeneration + 1);
  if (afterEtag < 0) return undefined;
  if (Number(decodeText(value.subarray(0, afterGeneration))) !== generation) return undefined;
  return { etag: decodeText(value.subarray(afterGeneration + 1, afterEtag)), body: value.subarray(afterEtag + 1) };
}

/** The cached page (if any) and the generation to store a fresh one under; a cache failure is a miss. */
export async function readPublicArticle(
  deps: CacheDeps,
  slug: string,
): Promise<{ generation: number; page?: CachedPublicArticle }> {
  try {
    const [storedGeneration, storedPage] = await deps.cache.getRaw([generationKey(slug), pageKey(slug)]);
    const generation = storedGeneration ? Number(decodeText(storedGeneration)) : 0;
    const page = storedPage ? parsePage(storedPage, generation) : undefined;
    return page ? { generation, page } : { generation };
  } catch (error) {
    logFailure(deps, 'read', error);
    return { generation: -1 };
  }
}

export async function storePublicArticle(
  deps: CacheDeps,
  slug: string,
  generation: number,
  page: CachedPublicArticle,
): Promise<void> {
  // -1: the generation could not be read, so nothing safe can be stored.
  if (generation < 0) return;
  const header = encodeText(`${generation}\n${page.etag}\n`);
  const value = new Uint8Array(header.byteLength + page.body.byteLength);
  value.set(header);
  value.set(page.body, header.byteLength);
  try {
    await deps.cache.setRaw(pageKey(slug), value, PUBLIC_ARTICLE_TTL_SECONDS);
  } catch (error) {
    logFailure(deps, 'store', error);
  }
}

/**
 * Pages of the public feed, cached the same way under one feed-wide generation that every public
 * article write bumps (a new, changed or withdrawn article can move any page). A page is cached
 * only for the first page and for cursors this API issued (an `issued` marker is stored with each
 * page for its next cursor): a client minting its own cursors is answered from the database and
 * cannot fill the cache with pages nobody else asks for.
 */
export const PUBLIC_FEED_TTL_SECONDS = 60;
// A cursor stays cacheable this long after it was issued (a reader paging slowly through the feed).
const ISSUED_CURSOR_TTL_SECONDS = 60 * 60;

const FEED_GENERATION_KEY = 'public-feed:gen:v1';
const feedPageKey = (limit: number, cursor: string | undefined) => `public-feed:v1:${limit}:${cursor ?? ''}`;
const issuedCursorKey = (cursor: string) => `public-feed:issued:v1:${cursor}`;

export interface FeedLookup {
  /** -1 when the cache could not be read: nothing may be stored then. */
  generation: number;
  /** The cached JSON body, UTF-8. */
  page?: Bytes;
  /** Whether a page fetched now may be stored. */
  isCacheable: boolean;
}

/** Reads the feed generation, the page and whether its cursor was issued here, in one MGET. */
export async function readPublicFeedPage(
  deps: CacheDeps,
  limit: number,
  cursor: string | undefined,
): Promise<FeedLookup> {
  try {
    const keys = [FEED_GENERATION_KEY, feedPageKey(limit, cursor)];
    if (cursor !== undefined) keys.push(issuedCursorKey(cursor));
    const [storedGeneration, storedPage, issued] = await deps.cache.getRaw(keys);
    const generation = storedGeneration ? Number(decodeText(storedGeneration)) : 0;
    const newline = storedPage ? storedPage.indexOf(NEWLINE) : -1;
    if (storedPage && newline > 0 && Number(decodeText(storedPage.subarray(0, newline))) === generation) {
      return { generation, page: storedPage.subarray(newline + 1), isCacheable: true };
    }
    return { generation, isCacheable: cursor === undefined || issued !== undefined };
  } catch (error) {
    logFailure(deps, 'read feed', error);
    return { generation: -1, isCacheable: false };
  }
}

/** Stores a page read under `lookup`, and marks its next cursor as issued. */
export async function storePublicFeedPage(
  deps: CacheDeps,
  limit: number,
  cursor: string | undefined,
  lookup: FeedLookup,
  page: { body: Bytes; nextCursor: string | null },
): Promise<void> {
  if (lookup.generation < 0 || !lookup.isCacheable) return;
  const header = encodeText(`${lookup.generation}\n`);
  const value = new Uint8Array(header.byteLength + page.body.byteLength);
  value.set(header);
  value.set(page.body, header.byteLength);
  try {
    await Promise.all([
      deps.cache.setRaw(feedPageKey(limit, cursor), value, PUBLIC_FEED_TTL_SECONDS),
      page.nextCursor ? deps.cache.setRaw(issuedCursorKey(page.nextCursor), '1', ISSUED_CURSOR_TTL_SECONDS) : undefined,
    ]);
  } catch (error) {
    logFailure(deps, 'store feed', error);
  }
}

/**
 * Forgets the public pages of these slugs, and every cached page of the public feed. Call it after
 * the write committed and before answering it. The page is deleted too, in case a generation counter expired and restarted at the number
 * of a page that is still cached.
 */
export async function invalidatePublicArticle(deps: CacheDeps, ...slugs: string[]): Promise<void> {
  if (slugs.length === 0) return;
  const bumpFeed = async () => {
    try {
      await deps.cache.increment(FEED_GENERATION_KEY, GENERATION_TTL_SECONDS);
    } catch (error) {
      logFailure(deps, 'invalidate feed', error);
    }
  };
  await Promise.all([
    bumpFeed(),
    ...[...new Set(slugs)].map(async (slug) => {
      try {
        await deps.cache.increment(generationKey(slug), GENERATION_TTL_SECONDS);
        await deps.cache.delete(pageKey(slug));
      } catch (error) {
        logFailure(deps, 'invalidate', error);
      }
    }),
  ]);
}
