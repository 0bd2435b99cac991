import { eq } from 'drizzle-orm';
import { drafts } from '../../drizzle/index.ts';
import type { TestContext } from '../helpers/context.ts';
import type { TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

export const draftBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Brewing coffee at home',
  config: { provider: 'GEMINI', tone: 'friendly', length: 1200 },
  sections: [{ heading: 'Beans', content: 'Buy **fresh** beans.' }, { content: 'Grind them just before brewing.' }],
  metadata: { seoTitle: 'Home coffee guide', metaDescription: 'How to brew good coffee', focusKeyphrase: 'coffee' },
  ctaContent: 'Subscribe for more.',
  ...overrides,
});

/** Creates a draft through the API and returns its body and ETag. */
export async function createDraft(ctx: TestContext, user: TestUser, overrides: Record<string, unknown> = {}) {
  const response = await call(ctx.app, 'POST', '/v1/drafts', { token: user.token, body: draftBody(overrides) });
  if (response.status !== 201) throw new Error(`draft create failed: ${response.status} ${response.text}`);
  return { draft: response.body, etag: response.headers.get('etag') as string };
}

/** The row as stored, bypassing the API. */
export async function draftRow(ctx: TestContext, id: string) {
  const [row] = await ctx.database.db.select().from(drafts).where(eq(drafts.id, id));
  return row;
}
