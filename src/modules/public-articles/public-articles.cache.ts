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
 * Forgets the public pages of these slugs. Call it after the write committed and before answering
 * it. The page is deleted too, in case a generation counter expired and restarted at the number
 * of a page that is still cached.
 */
export async function invalidatePublicArticle(deps: CacheDeps, ...slugs: string[]): Promise<void> {
  await Promise.all(
    [...new Set(slugs)].map(async (slug) => {
      try {
        await deps.cache.increment(generationKey(slug), GENERATION_TTL_SECONDS);
        await deps.cache.delete(pageKey(slug));
      } catch (error) {
        logFailure(deps, 'invalidate', error);
      }
    }),
  );
}
