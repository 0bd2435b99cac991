import { type Bytes, encodeText } from '../../cache/cache.ts';
import { keepsBody } from '../../cache/page-cache.ts';
import { isValidSlug } from '../../content/slug.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../../http/pagination.ts';
import {
  type CachedPublicArticle,
  readPublicArticle,
  readPublicFeedPage,
  storePublicArticle,
  storePublicFeedPage,
} from './public-articles.cache.ts';
import {
  createPublicArticlesRepository,
  type PublishedArticleRow,
  type PublishedSummaryRow,
} from './public-articles.repository.ts';
import { PublicArticlePage, PublicArticleResponse, type PublicArticleSummary } from './public-articles.schemas.ts';

const iso = (date: Date | null) => (date ?? new Date(0)).toISOString();

function toPublicSummary(row: PublishedSummaryRow): PublicArticleSummary {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    seoTitle: row.seoTitle,
    metaDescription: row.metaDescription,
    wordCount: row.wordCount,
    publishedAt: iso(row.publishedAt),
  };
}

export function toPublicArticle(row: PublishedArticleRow): PublicArticleResponse {
  // Object.assign, not a spread: on Node 20 each key added to a spread copy costs microseconds.
  return Object.assign(toPublicSummary(row), {
    focusKeyphrase: row.focusKeyphrase,
    htmlContent: row.htmlContent,
    author: { name: row.authorName },
  });
}

/**
 * A page of the public feed as its JSON body, from the cache when warm. On a miss the page goes
 * through its schema before it is stored, so only declared fields are ever cached or sent.
 */
export async function listPublicArticles(
  deps: Deps,
  query: { limit: number; cursor?: string },
): Promise<Bytes | string> {
  const lookup = await readPublicFeedPage(deps, query.limit, query.cursor);
  if (lookup.body) return lookup.body;

  const cursor = decodeCursor(query.cursor);
  const rows = await createPublicArticlesRepository(deps.database.db).listPublished(cursor, query.limit);
  const page = PublicArticlePage.parse(
    toPage(rows, query.limit, (row) => ({ at: row.publishedAt ?? new Date(0), id: row.id }), toPublicSummary),
  );
  const json = JSON.stringify(page);
  // Encoded only to be stored: otherwise the text goes out as it is.
  const body = keepsBody(lookup) ? encodeText(json) : undefined;
  await storePublicFeedPage(deps, query.limit, query.cursor, lookup, { body, nextCursor: page.nextCursor });
  return body ?? json;
}

/**
 * The public page of a published article, from the cache when warm. The page depends on the article
 * row and its author's name, so the ETag is the article's version and the author row's updated_at:
 * either moves whenever the body can change (no hash of the body on the request path).
 */
export async function getPublicArticle(deps: Deps, slug: string): Promise<CachedPublicArticle> {
  if (!isValidSlug(slug)) throw notFound('article');
  const cached = await readPublicArticle(deps, slug);
  if (cached.page) return cached.page;

  const row = await createPublicArticlesRepository(deps.database.db).findPublishedBySlug(slug);
  if (!row) throw notFound('article');
  // Through its schema once, before it is cached. Awaited: on Workers, I/O left running after the
  // response is cancelled. A failed write is a miss.
  return storePublicArticle(deps, slug, cached.lookup, {
    etag: `"${row.version}-${row.authorUpdatedAt.getTime().toString(36)}"`,
    json: JSON.stringify(PublicArticleResponse.parse(toPublicArticle(row))),
  });
}
