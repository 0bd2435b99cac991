import { z } from '@hono/zod-openapi';
import { pageOf, pageQueryShape } from '../../openapi/pagination.ts';

const publicShape = {
  id: z.uuid(),
  title: z.string(),
  slug: z.string(),
  seoTitle: z.string().nullable(),
  metaDescription: z.string().nullable(),
  wordCount: z.number().int(),
  publishedAt: z.iso.datetime(),
};

export const PublicArticleSummary = z.object(publicShape).openapi('PublicArticleSummary');
export type PublicArticleSummary = z.infer<typeof PublicArticleSummary>;

export const PublicArticlePage = pageOf(PublicArticleSummary, 'PublicArticlePage');
export type PublicArticlePage = z.infer<typeof PublicArticlePage>;

export const PublicArticleResponse = z
  .object({
    ...publicShape,
    focusKeyphrase: z.string().nullable(),
    htmlContent: z.string().openapi({ description: 'Sanitised HTML' }),
    author: z.object({ name: z.string().nullable() }),
  })
  .openapi('PublicArticle');
export type PublicArticleResponse = z.infer<typeof PublicArticleResponse>;

export const ListPublicArticlesQuery = z.object({ ...pageQueryShape });

export const SlugParams = z.object({
  // Not validated here: a slug that cannot exist is a 404 like any other unknown slug.
  slug: z.string().openapi({ param: { name: 'slug', in: 'path' }, example: 'how-to-write-a-blog-post' }),
});
