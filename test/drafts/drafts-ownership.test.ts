import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

describe('another user’s draft', () => {
  it('is 404 for every verb, with and without If-Match, and nothing changes', async () => {
    const owner = await createUser(ctx.current);
    const intruder = await createUser(ctx.current);
    const { draft, etag } = await createDraft(ctx.current, owner);
    const before = await draftRow(ctx.current, draft.id);
    const path = `/v1/drafts/${draft.id}`;

    const attempts: Array<[string, string, unknown, Record<string, string>]> = [
      ['GET', path, undefined, {}],
      ['GET', path, undefined, { 'if-none-match': etag }],
      ['PATCH', path, { title: 'hijacked' }, {}],
      ['PATCH', path, { title: 'hijacked' }, { 'if-match': etag }],
      ['PATCH', path, { title: 'hijacked' }, { 'if-match': '"99"' }],
      ['DELETE', path, undefined, {}],
      ['DELETE', path, undefined, { 'if-match': etag }],
      ['POST', `${path}/publish`, {}, {}],
      ['POST', `${path}/publish`, { keepDraft: true }, { 'if-match': etag }],
      ['POST', `${path}/publish`, { slug: 'hijacked' }, { 'idempotency-key': 'intruder-1' }],
    ];
    for (const [method, url, body, headers] of attempts) {
      const response = await call(ctx.current.app, method, url, { token: intruder.token, body, headers });
      expect(response.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(404);
      expect(response.body).toMatchObject({ status: 404, type: 'https://finity.dev/problems/not-found' });
    }

    const list = await call(ctx.current.app, 'GET', '/v1/drafts', { token: intruder.token });
    expect(list.body.data).toEqual([]);
    expect(await draftRow(ctx.current, draft.id)).toEqual(before);
    expect(await ctx.current.database.db.select().from(articles).where(eq(articles.userId, intruder.id))).toEqual([]);
    expect(await ctx.current.database.db.select().from(articles).where(eq(articles.userId, owner.id))).toEqual([]);
    const own = await call(ctx.current.app, 'GET', path, { token: owner.token });
    expect(own.status).toBe(200);
  });

  it('answers the same 404 body as a draft that never existed', async () => {
    const owner = await createUser(ctx.current);
    const intruder = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, owner);
    const theirs = await call(ctx.current.app, 'GET', `/v1/drafts/${draft.id}`, { token: intruder.token });
    const nobody = await call(ctx.current.app, 'GET', `/v1/drafts/${crypto.randomUUID()}`, { token: intruder.token });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(nobody.body);
  });
});
