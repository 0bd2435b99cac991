import { type Bytes, decodeText, encodeText } from '../../cache/cache.ts';
import {
  type CursorList,
  keepsBody,
  MISS,
  type PageStore,
  pageCacheAttempt,
  readListPage,
  storeListPage,
} from '../../cache/page-cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The public pages, read through a generation-checked page store (src/cache/page-cache.ts): an
 * article's page under its slug's generation, and the feed's pages under one feed-wide generation,
 * since a new, changed or withdrawn article can move any page of it. An article page is stored as
 * `<etag>\n<json>`, so the ETag comes from the cache with it. A cache failure is a miss, and a failed
 * write is skipped. Invalidation is `invalidate`, called only by the content writer
 * (src/modules/articles/content-writer.ts) after every write that can change a public page.
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

export interface CachedArticlePage {
  etag: string;
  /** The JSON body: UTF-8 from the cache, or the text itself when it is not to be kept. */
  body: Bytes | string;
}

export interface PublicPageCache {
  /** The article's page from the cache, else `load`ed and stored; undefined when `load` finds none. */
  article(
    slug: string,
    load: () => Promise<{ etag: string; json: string } | undefined>,
  ): Promise<CachedArticlePage | undefined>;
  /** A page of the feed as its JSON body, from the cache, else `load`ed and stored. */
  feedPage(
    limit: number,
    cursor: string | undefined,
    load: () => Promise<{ json: string; nextCursor: string | null }>,
  ): Promise<Bytes | string>;
  /** Forgets the pages of these slugs and every page of the feed. */
  invalidate(slugs: readonly string[]): Promise<void>;
}

const NEWLINE = 10;

export function createPublicPageCache(store: PageStore, logger: Logger): PublicPageCache {
  const attempt = pageCacheAttempt(logger, 'public article cache unavailable');
  return {
    async article(slug, load) {
      const lookup = await attempt('read', () => store.read(articleKeys(slug)), MISS);
      const newline = lookup.body ? lookup.body.indexOf(NEWLINE) : -1;
      if (lookup.body && newline >= 0) {
        return { etag: decodeText(lookup.body.subarray(0, newline)), body: lookup.body.subarray(newline + 1) };
      }
      const page = await load();
      if (!page) return undefined;
      // Encoded once, for both the store and the answer, or not at all when the store would not keep it.
      if (!keepsBody(lookup)) return { etag: page.etag, body: page.json };
      const header = `${page.etag}\n`;
      const value = encodeText(`${header}${page.json}`);
      // Awaited: on Workers, I/O left running after the response is cancelled.
      await attempt(
        'store',
        () => store.store(lookup, { keys: articleKeys(slug), body: value, ttlSeconds: PUBLIC_ARTICLE_TTL_SECONDS }),
        undefined,
      );
      // The ETag is ASCII, so its length in characters is its length in bytes.
      return { etag: page.etag, body: value.subarray(header.length) };
    },

    async feedPage(limit, cursor, load) {
      const list = feed(limit);
      const lookup = await attempt('read feed', () => readListPage(store, list, cursor), MISS);
      if (lookup.body) return lookup.body;
      const page = await load();
      const body = keepsBody(lookup) ? encodeText(page.json) : undefined;
      await attempt(
        'store feed',
        () => storeListPage(store, list, cursor, lookup, { body, nextCursor: page.nextCursor }),
        undefined,
      );
      return body ?? page.json;
    },

    async invalidate(slugs) {
      if (slugs.length === 0) return;
      const articles = [...new Set(slugs)].map(articleKeys);
      await attempt(
        'invalidate',
        () =>
          store.invalidate(
            [FEED_GENERATION_KEY, ...articles.map((keys) => keys.generation)],
            articles.map((keys) => keys.page),
          ),
        undefined,
      );
    },
  };
}
