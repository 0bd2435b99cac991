import type { ArticleRow, ArticleSummaryRow } from './articles.repository.ts';
import type { ArticleResponse, ArticleSummary } from './articles.schemas.ts';

export function toArticleSummary(row: ArticleSummaryRow): ArticleSummary {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    status: row.status,
    seoTitle: row.seoTitle,
    metaDescription: row.metaDescription,
    focusKeyphrase: row.focusKeyphrase,
    wordCount: row.wordCount,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toArticleResponse(row: ArticleRow): ArticleResponse {
  return { ...toArticleSummary(row), content: row.content, htmlContent: row.htmlContent };
}
