import type { Bytes } from '../../cache/cache.ts';
import { isValidSlug } from '../../content/slug.ts';
import { decodeCursor, presentPage, toPage } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import type { CachedArticlePage, PublicPageCache } from './public-articles.cache.ts';
import { publicEtagOf, toPublicArticle, toPublicSummary } from './public-articles.presenter.ts';
import { createPublicArticlesRepository } from './public-articles.repository.ts';

export interface PublicArticlesServiceDeps {
  db: Executor;
  pages: PublicPageCache;
}

export type PublicArticlesService = ReturnType<typeof createPublicArticlesService>;

/** Reads for anyone, through the public page cache; only ever PUBLISHED rows. */
export function createPublicArticlesService({ db, pages }: PublicArticlesServiceDeps) {
  const repository = createPublicArticlesRepository(db);
  return {
    /** A page of the feed as its JSON body. */
    feedPage(query: { limit: number; cursor?: string }): Promise<Bytes | string> {
      return pages.feedPage(query.limit, query.cursor, async () => {
        const rows = await repository.listPublished(decodeCursor(query.cursor), query.limit);
        const page = toPage(rows, query.limit, (row) => ({ at: row.publishedAt ?? new Date(0), id: row.id }));
        return { json: JSON.stringify(presentPage(page, toPublicSummary)), nextCursor: page.nextCursor };
      });
    },

    /** The public page of a published article, with its ETag; a slug that cannot exist is 404 without a lookup. */
    async article(slug: string): Promise<CachedArticlePage> {
      if (!isValidSlug(slug)) throw notFound('article');
      const page = await pages.article(slug, async () => {
        const row = await repository.findPublishedBySlug(slug);
        return row && { etag: publicEtagOf(row), json: JSON.stringify(toPublicArticle(row)) };
      });
      if (!page) throw notFound('article');
      return page;
    },
  };
}
