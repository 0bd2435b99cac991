import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import type { TestContext } from '../helpers/context.ts';
import type { TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

export interface ArticleInput {
  title?: string;
  content?: string;
  slug?: string;
  seoTitle?: string | null;
  metaDescription?: string | null;
  focusKeyphrase?: string | null;
  status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
}

/** Creates an article through the API and returns its body (asserting the 201). */
export async function postArticle(ctx: TestContext, user: TestUser, input: ArticleInput = {}) {
  const response = await call(ctx.app, 'POST', '/v1/articles', {
    token: user.token,
    body: { title: 'An article', content: 'Some *Markdown* text.', ...input },
  });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

export async function articleRow(ctx: TestContext, id: string) {
  const [row] = await ctx.database.db.select().from(articles).where(eq(articles.id, id));
  return row;
}

export async function countArticles(ctx: TestContext) {
  return (await ctx.database.db.select({ id: articles.id }).from(articles)).length;
}
