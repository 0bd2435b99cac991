import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft } from './draft-fixtures.ts';

const ctx = useTestContext();

describe('GET /v1/drafts', () => {
  it('lists the user’s drafts, most recently updated first', async () => {
    const user = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    await createDraft(ctx.current, other, { title: 'not mine' });
    const ids: string[] = [];
    for (const title of ['first', 'second', 'third']) {
      ctx.current.clock.advance(1000);
      ids.push((await createDraft(ctx.current, user, { title })).draft.id);
    }
    ctx.current.clock.advance(1000);
    await call(ctx.current.app, 'PATCH', `/v1/drafts/${ids[0]}`, {
      token: user.token,
      body: { title: 'first, edited' },
    });

    const response = await call(ctx.current.app, 'GET', '/v1/drafts', { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body.data.map((draft: { title: string }) => draft.title)).toEqual([
      'first, edited',
      'third',
      'second',
    ]);
    expect(response.body.nextCursor).toBeNull();
  });

  it('breaks ties of updatedAt by id, newest id first', async () => {
    const user = await createUser(ctx.current);
    ctx.current.clock.advance(1000);
    const ids = [];
    for (let index = 0; index < 4; index++) ids.push((await createDraft(ctx.current, user)).draft.id);
    const response = await call(ctx.current.app, 'GET', '/v1/drafts?limit=2', { token: user.token });
    const rest = await call(ctx.current.app, 'GET', `/v1/drafts?limit=2&cursor=${response.body.nextCursor}`, {
      token: user.token,
    });
    const listed = [...response.body.data, ...rest.body.data].map((draft: { id: string }) => draft.id);
    expect(listed).toEqual([...ids].sort().reverse());
  });

  it('walks every draft exactly once by cursor while drafts are added between pages', async () => {
    const user = await createUser(ctx.current);
    const original = new Set<string>();
    for (let index = 0; index < 25; index++) {
      // Some drafts share an updatedAt so the id tie-breaker is exercised too.
      if (index % 3 === 0) ctx.current.clock.advance(1000);
      original.add((await createDraft(ctx.current, user, { title: `draft ${index}` })).draft.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=4&cursor=${cursor}` : '?limit=4';
      const page = await call(ctx.current.app, 'GET', `/v1/drafts${query}`, { token: user.token });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.body.data.map((draft: { id: string }) => draft.id));
      cursor = page.body.nextCursor;
      pages += 1;
      ctx.current.clock.advance(500);
      await createDraft(ctx.current, user, { title: `inserted during page ${pages}` });
    } while (cursor);
    expect(pages).toBe(7);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(new Set(seen)).toEqual(original);
  });

  it('answers 400 for a bad cursor and for a limit out of bounds', async () => {
    const user = await createUser(ctx.current);
    for (const query of ['cursor=nonsense', 'cursor=W10', 'cursor=%24%24', 'limit=0', 'limit=101', 'limit=abc']) {
      const response = await call(ctx.current.app, 'GET', `/v1/drafts?${query}`, { token: user.token });
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].path, query).toBe(query.split('=')[0]);
    }
  });

  it('answers 401 without a token', async () => {
    const response = await call(ctx.current.app, 'GET', '/v1/drafts');
    expect(response.status).toBe(401);
  });
});
