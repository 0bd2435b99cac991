import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles, drafts } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftBody, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

const draftsOf = (userId: string) => ctx.current.database.db.select().from(drafts).where(eq(drafts.userId, userId));
const articlesOf = (userId: string) =>
  ctx.current.database.db.select().from(articles).where(eq(articles.userId, userId));

describe('Idempotency-Key on POST /v1/drafts', () => {
  it('replays the first answer for a retry and creates one draft', async () => {
    const user = await createUser(ctx.current);
    const send = () =>
      call(ctx.current.app, 'POST', '/v1/drafts', {
        token: user.token,
        headers: { 'idempotency-key': 'create-1' },
        body: draftBody(),
      });
    const first = await send();
    ctx.current.clock.advance(60_000);
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await draftsOf(user.id)).toHaveLength(1);
  });

  it('answers 422 for the same key with another body, and keys are per user', async () => {
    const user = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    const headers = { 'idempotency-key': 'create-2' };
    await call(ctx.current.app, 'POST', '/v1/drafts', { token: user.token, headers, body: draftBody() });
    const changed = await call(ctx.current.app, 'POST', '/v1/drafts', {
      token: user.token,
      headers,
      body: draftBody({ title: 'Another title' }),
    });
    expect(changed.status).toBe(422);
    const otherUser = await call(ctx.current.app, 'POST', '/v1/drafts', {
      token: other.token,
      headers,
      body: draftBody(),
    });
    expect(otherUser.status).toBe(201);
    expect(await draftsOf(user.id)).toHaveLength(1);
    expect(await draftsOf(other.id)).toHaveLength(1);
  });

  it('creates one draft for concurrent requests carrying one key', async () => {
    const user = await createUser(ctx.current);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(ctx.current.app, 'POST', '/v1/drafts', {
          token: user.token,
          headers: { 'idempotency-key': 'create-3' },
          body: draftBody(),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses).toContain(201);
    expect(await draftsOf(user.id)).toHaveLength(1);
  });
});

describe('Idempotency-Key on POST /v1/drafts/{id}/publish', () => {
  it('replays the first article for a retry and publishes once', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const send = () =>
      call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
        token: user.token,
        headers: { 'idempotency-key': 'publish-1' },
        body: {},
      });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(`/v1/articles/${first.body.id}`);
    expect(await articlesOf(user.id)).toHaveLength(1);
    expect(await draftRow(ctx.current, draft.id)).toBeUndefined();
  });

  it('releases the key after a failed publish so a corrected retry can succeed', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user, { metadata: { seoTitle: 's'.repeat(301) } });
    const headers = { 'idempotency-key': 'publish-2' };
    const failed = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      headers,
      body: {},
    });
    expect(failed.status).toBe(422);
    await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, { token: user.token, body: { metadata: null } });
    const retry = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      headers,
      body: {},
    });
    expect(retry.status).toBe(201);
    expect(await articlesOf(user.id)).toHaveLength(1);
  });
});
