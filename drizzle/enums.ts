import { pgEnum } from 'drizzle-orm/pg-core';

// Type names as the seed's Prisma schema would create them.
export const articleStatus = pgEnum('ArticleStatus', ['DRAFT', 'PUBLISHED', 'ARCHIVED']);
export const provider = pgEnum('Provider', ['GEMINI', 'OPENAI', 'ANTHROPIC', 'LLAMA']);
export const mediaType = pgEnum('MediaType', ['IMAGE', 'VIDEO', 'AUDIO']);

export type ArticleStatus = (typeof articleStatus.enumValues)[number];
export type Provider = (typeof provider.enumValues)[number];
export type MediaType = (typeof mediaType.enumValues)[number];
