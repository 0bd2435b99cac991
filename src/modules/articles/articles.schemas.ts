import { z } from '@hono/zod-openapi';
import { articleStatus } from '../../../drizzle/index.ts';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../content/slug.ts';
import { pageOf, pageQueryShape } from '../../openapi/pagination.ts';

export const ArticleStatusSchema = z.enum(articleStatus.enumValues).openapi('ArticleStatus');

export const SlugSchema = z
  .string()
  .max(SLUG_MAX_LENGTH)
  .regex(SLUG_PATTERN, 'Lowercase ASCII letters, digits and single hyphens.')
  .openapi({ example: 'how-to-write-a-blog-post' });

const title = z.string().trim().min(1).max(300).openapi({ example: 'How to write a blog post' });
const content = z
  .string()
  .max(500_000)
  .openapi({ description: 'Markdown; raw HTML in it is shown as text, never rendered', example: '# Intro\n\nHello.' });
const seoTitle = z.string().max(300).nullable();
const metaDescription = z.string().max(1000).nullable();
const focusKeyphrase = z.string().max(200).nullable();

export const CreateArticleBody = z
  .strictObject({
    title,
    content,
    slug: SlugSchema.optional().openapi({ description: 'Generated from the title when absent; 409 when taken' }),
    seoTitle: seoTitle.optional(),
    metaDescription: metaDescription.optional(),
    focusKeyphrase: focusKeyphrase.optional(),
    status: ArticleStatusSchema.optional().openapi({ description: 'Defaults to DRAFT' }),
  })
  .openapi('CreateArticleBody');
export type CreateArticleBody = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = z
  .strictObject({
    title: title.optional(),
    content: content.optional(),
    slug: SlugSchema.optional().openapi({ description: '409 when another article has it' }),
    seoTitle: seoTitle.optional(),
    metaDescription: metaDescription.optional(),
    focusKeyphrase: focusKeyphrase.optional(),
    status: ArticleStatusSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Give at least one field to change.' })
  .openapi('UpdateArticleBody');
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>;

const timestamps = {
  publishedAt: z.iso
    .datetime()
    .nullable()
    .openapi({ description: 'Set the first time the status becomes PUBLISHED; kept after that' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

const summaryShape = {
  id: z.uuid(),
  title: z.string(),
  slug: z.string(),
  status: ArticleStatusSchema,
  seoTitle: z.string().nullable(),
  metaDescription: z.string().nullable(),
  focusKeyphrase: z.string().nullable(),
  wordCount: z.number().int().openapi({ description: 'Words of the rendered text, not of the Markdown syntax' }),
  ...timestamps,
};

export const ArticleResponse = z
  .object({
    ...summaryShape,
    content: z.string().openapi({ description: 'The Markdown as sent' }),
    htmlContent: z.string().openapi({ description: 'Sanitised HTML rendered from `content` by the server' }),
  })
  .openapi('Article');
export type ArticleResponse = z.infer<typeof ArticleResponse>;

export const ArticleSummary = z.object(summaryShape).openapi('ArticleSummary', {
  description: 'An article in a list: everything but `content` and `htmlContent` (fetch one article for those)',
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const ArticlePage = pageOf(ArticleSummary, 'ArticlePage');
export type ArticlePage = z.infer<typeof ArticlePage>;

export const ListArticlesQuery = z.object({
  status: ArticleStatusSchema.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Full-text search of title and content (web-search syntax: "phrase", -not, or)' }),
  ...pageQueryShape,
});
