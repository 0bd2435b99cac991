import { articles } from '../../drizzle/index.ts';
import type { TestContext } from '../helpers/context.ts';

/** An article row of the user's, inserted directly so media tests do not depend on the articles API. */
export async function insertArticle(ctx: TestContext, userId: string): Promise<string> {
  const slug = `media-test-${crypto.randomUUID()}`;
  const [row] = await ctx.database.db
    .insert(articles)
    .values({ userId, title: 'Media test', slug, content: 'Body', htmlContent: '<p>Body</p>' })
    .returning({ id: articles.id });
  if (!row) throw new Error('article insert returned nothing');
  return row.id;
}

export const imageAsset = (overrides: Record<string, unknown> = {}) => ({
  type: 'IMAGE',
  provider: 'OPENAI',
  prompt: 'A lighthouse at dusk, watercolour',
  ...overrides,
});
