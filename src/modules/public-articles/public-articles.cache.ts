import type { Cache } from '../../cache/cache.ts';
import type { Logger } from '../../logger.ts';

/**
 * The public page of an article, cached per slug. A cached page is stored under the slug's
 * current generation, and every write that can change a public page bumps the generation: a
 * reader that fetched the old row before the write but stores it after the invalidation stores it
 * under a generation nobody reads any more, so no reader sees the old page once the write returned.
 */

export const PUBLIC_ARTICLE_TTL_SECONDS = 300;
// Far longer than a page lives, so a generation that expires and restarts at 1 finds no page of its own.
const GENERATION_TTL_SECONDS = 7 * 24 * 60 * 60;

const generationKey = (slug: string) => `public-article:gen:v1:${slug}`;
const pageKey = (slug: string, generation: number) => `public-article:v1:${slug}:${generation}`;

export interface CachedPublicArticle {
  etag: string;
  body: string;
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

/** The cached page (if any) and the generation to store a fresh one under; a cache failure is a miss. */
export async function readPublicArticle(
  deps: CacheDeps,
  slug: string,
): Promise<{ generation: number; page?: CachedPublicArticle }> {
  try {
    const generation = (await deps.cache.get<number>(generationKey(slug))) ?? 0;
    const page = await deps.cache.get<CachedPublicArticle>(pageKey(slug, generation));
    return { generation, page };
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
  try {
    await deps.cache.set(pageKey(slug, generation), page, PUBLIC_ARTICLE_TTL_SECONDS);
  } catch (error) {
    logFailure(deps, 'store', error);
  }
}

/**
 * Forgets the public pages of these slugs. Call it after the write committed and before answering
 * it. The page of the new generation is deleted too, in case a generation counter expired and
 * restarted under a page that is still cached.
 */
export async function invalidatePublicArticle(deps: CacheDeps, ...slugs: string[]): Promise<void> {
  await Promise.all(
    [...new Set(slugs)].map(async (slug) => {
      try {
        const { count } = await deps.cache.increment(generationKey(slug), GENERATION_TTL_SECONDS);
        await deps.cache.delete(pageKey(slug, count));
      } catch (error) {
        logFailure(deps, 'invalidate', error);
      }
    }),
  );
}
