import { type Bytes, decodeText, encodeText } from '../../cache/cache.ts';
import {
  type CursorList,
  keepsBody,
  MISS,
  type PageLookup,
  type PageStore,
  pageCacheAttempt,
  readListPage,
  storeListPage,
} from '../../cache/page-cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The public pages, cached generation-checked (src/cache/page-cache.ts) in `deps.publicPages`: an
 * article's page under its slug's generation, and the feed's pages under one feed-wide generation,
 * since a new, changed or withdrawn article can move any page of it. An article page's body is
 * `<etag>\n<json>`, so the ETag comes from the cache with it. A cache failure is a miss, and a
 * failed write is skipped.
 */

export const PUBLIC_ARTICLE_TTL_SECONDS = 300;
export const PUBLIC_FEED_TTL_SECONDS = 60;

export const articleKeys = (slug: string) => ({
  generation: `public-article:gen:v1:${slug}`,
  page: `public-article:v2:${slug}`,
});
const FEED_GENERATION_KEY = 'public-feed:gen:v1';
const feed = (limit: number): CursorList => ({
  scope: `public-feed:v1:${limit}`,
  generation: FEED_GENERATION_KEY,
  ttlSeconds: PUBLIC_FEED_TTL_SECONDS,
});

export interface CachedPublicArticle {
  etag: string;
  /** The JSON body: UTF-8 from the cache, or the text itself when it is not to be cached. */
  body: Bytes | string;
}

export interface ArticleLookup {
  lookup: PageLookup;
  page?: CachedPublicArticle;
}

interface CacheDeps {
  publicPages: PageStore;
  logger: Logger;
}

const attempt = (deps: CacheDeps) => pageCacheAttempt(deps.logger, 'public article cache unavailable');

const NEWLINE = 10;

/** The cached page of an article (if any), and the lookup to store a fresh one with. */
export async function readPublicArticle(deps: CacheDeps, slug: string): Promise<ArticleLookup> {
  const lookup = await attempt(deps)('read', () => deps.publicPages.read(articleKeys(slug)), MISS);
  const newline = lookup.body ? lookup.body.indexOf(NEWLINE) : -1;
  if (!lookup.body || newline < 0) return { lookup };
  return {
    lookup,
    page: { etag: decodeText(lookup.body.subarray(0, newline)), body: lookup.body.subarray(newline + 1) },
  };
}

/**
 * Stores a page built after `lookup`, and returns it as it is to be sent: encoded once, for both,
 * or not at all when the store would not keep it.
 */
export async function storePublicArticle(
  deps: CacheDeps,
  slug: string,
  lookup: PageLookup,
  page: { etag: string; json: string },
): Promise<CachedPublicArticle> {
  if (!keepsBody(lookup)) return { etag: page.etag, body: page.json };
  const header = `${page.etag}\n`;
  const value = encodeText(`${header}${page.json}`);
  await attempt(deps)(
    'store',
    () =>
      deps.publicPages.store(lookup, {
        keys: articleKeys(slug),
        body: value,
        ttlSeconds: PUBLIC_ARTICLE_TTL_SECONDS,
      }),
    undefined,
  );
  // The ETag is ASCII (a version and a base-36 time), so its length in characters is its length in bytes.
  return { etag: page.etag, body: value.subarray(header.length) };
}

/** A cached page of the feed (if any), and the lookup to store a fresh one with. */
export const readPublicFeedPage = (deps: CacheDeps, limit: number, cursor: string | undefined): Promise<PageLookup> =>
  attempt(deps)('read feed', () => readListPage(deps.publicPages, feed(limit), cursor), MISS);

/** Stores a feed page read after `lookup`, and marks its next cursor as issued here. */
export const storePublicFeedPage = (
  deps: CacheDeps,
  limit: number,
  cursor: string | undefined,
  lookup: PageLookup,
  page: { body?: Bytes; nextCursor: string | null },
): Promise<void> =>
  attempt(deps)('store feed', () => storeListPage(deps.publicPages, feed(limit), cursor, lookup, page), undefined);

/**
 * Forgets the public pages of these slugs, and every cached page of the public feed. Call it after
 * the write committed and before answering it.
 */
export async function invalidatePublicArticle(deps: CacheDeps, ...slugs: string[]): Promise<void> {
  if (slugs.length === 0) return;
  const articles = [...new Set(slugs)].map(articleKeys);
  await attempt(deps)(
    'invalidate',
    () =>
      deps.publicPages.invalidate(
        [FEED_GENERATION_KEY, ...articles.map((keys) => keys.generation)],
        articles.map((keys) => keys.page),
      ),
    undefined,
  );
}
