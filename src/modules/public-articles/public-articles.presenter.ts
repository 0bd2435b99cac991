import type { PublishedArticleRow, PublishedSummaryRow } from './public-articles.repository.ts';
import type { PublicArticleResponse, PublicArticleSummary } from './public-articles.schemas.ts';

const iso = (date: Date | null) => (date ?? new Date(0)).toISOString();

export function toPublicSummary(row: PublishedSummaryRow): PublicArticleSummary {
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

/** The one place that picks what the public sees of an article: no owner id, status or Markdown. */
export function toPublicArticle(row: PublishedArticleRow): PublicArticleResponse {
  // A literal of its own, so a field the schema lacks does not compile; assigned onto the summary
  // rather than spread, on the cold read's path (docs/performance.md).
  const details: Omit<PublicArticleResponse, keyof PublicArticleSummary> = {
    focusKeyphrase: row.focusKeyphrase,
    htmlContent: row.htmlContent,
    author: { name: row.authorName },
  };
  return Object.assign(toPublicSummary(row), details);
}

/**
 * The page depends on the article row and its author's name, so the ETag is the article's version
 * and the author row's updated_at: either moves whenever the body can change.
 */
export const publicEtagOf = (row: PublishedArticleRow): string =>
  `"${row.version}-${row.authorUpdatedAt.getTime().toString(36)}"`;
