import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

describe('PATCH /v1/drafts/{id}', () => {
  it('changes only the fields sent, bumps the version and returns the new ETag', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    ctx.current.clock.advance(60_000);
    const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
      token: user.token,
      body: { title: 'Cold brew', sections: [{ content: 'Steep overnight.' }], ctaContent: null },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.body).toEqual({
      ...draft,
      title: 'Cold brew',
      sections: [{ content: 'Steep overnight.' }],
      ctaContent: null,
      version: 2,
      updatedAt: '2026-01-15T10:01:00.000Z',
    });
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ title: 'Cold brew', ctaContent: null, version: 2 });
  });

  it('applies a change with a current If-Match', async () => {
    const user = await createUser(ctx.current);
    const { draft, etag } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': etag },
      body: { autosave: false },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ autosave: false, version: 2 });
    expect(response.headers.get('etag')).toBe('"2"');
  });

  it('applies a change with If-Match: * like one without it', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': '*' },
      body: { metadata: null },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ metadata: null, version: 2 });
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const user = await createUser(ctx.current);
    const { draft, etag } = await createDraft(ctx.current, user);
    const first = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': etag },
      body: { title: 'From tab one' },
    });
    expect(first.status).toBe(200);
    const before = await draftRow(ctx.current, draft.id);
    ctx.current.clock.advance(1000);
    const stale = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': etag },
      body: { title: 'From tab two', sections: [] },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ status: 412, type: 'https://finity.dev/problems/precondition-failed' });
    expect(await draftRow(ctx.current, draft.id)).toEqual(before);
  });

  it('answers 412 for an If-Match the server never issued', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    for (const tag of ['W/"1"', 'garbage', '"abc"']) {
      const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
        token: user.token,
        headers: { 'if-match': tag },
        body: { title: 'Nope' },
      });
      expect(response.status, tag).toBe(412);
    }
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ title: draft.title, version: 1 });
  });

  it('answers 404, not 412, for a missing draft with an If-Match', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${crypto.randomUUID()}`, {
      token: user.token,
      headers: { 'if-match': '"1"' },
      body: { title: 'x' },
    });
    expect(response.status).toBe(404);
  });

  it('lets the last write win without If-Match', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    for (const title of ['one', 'two', 'three']) {
      const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
        token: user.token,
        body: { title },
      });
      expect(response.status).toBe(200);
    }
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ title: 'three', version: 4 });
  });

  it.each([
    ['an empty body', {}, 'body'],
    ['an unknown field', { version: 7 }, 'version'],
    ['an unknown field in a section', { sections: [{ content: 'c', extra: true }] }, 'sections.0.extra'],
    ['a null title', { title: null }, 'title'],
    ['a null config', { config: null }, 'config'],
    ['an over-long heading', { sections: [{ heading: 'h'.repeat(301), content: 'c' }] }, 'sections.0.heading'],
    ['a NUL in the title', { title: '\u0000' }, 'title'],
    ['an unpaired surrogate in config', { config: { a: '\ud83d' } }, 'config.a'],
  ])('answers 400 for %s and changes nothing', async (_, body, path) => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, { token: user.token, body });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ version: 1 });
  });
});

describe('two tabs autosaving the same draft', () => {
  it('gives exactly one 200 and one 412 for two concurrent PATCHes with the same If-Match', async () => {
    const user = await createUser(ctx.current);
    for (let round = 0; round < 5; round++) {
      const { draft, etag } = await createDraft(ctx.current, user);
      const patch = (title: string) =>
        call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
          token: user.token,
          headers: { 'if-match': etag },
          body: { title },
        });
      const responses = await Promise.all([patch('tab A'), patch('tab B')]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 412]);
      const winner = responses.find((response) => response.status === 200);
      const row = await draftRow(ctx.current, draft.id);
      expect(row).toMatchObject({ title: winner?.body.title, version: 2 });
    }
  });

  it('applies exactly one of ten concurrent PATCHes carrying the same If-Match', async () => {
    const user = await createUser(ctx.current);
    const { draft, etag } = await createDraft(ctx.current, user);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, {
          token: user.token,
          headers: { 'if-match': etag },
          body: { title: `tab ${index}` },
        }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 412)).toHaveLength(9);
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ version: 2 });
  });
});
