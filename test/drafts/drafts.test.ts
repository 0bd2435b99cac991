import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftBody, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

describe('POST /v1/drafts', () => {
  it('creates a draft with 201, an ETag and a Location', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/drafts', { token: user.token, body: draftBody() });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      title: 'Brewing coffee at home',
      config: { provider: 'GEMINI', tone: 'friendly', length: 1200 },
      sections: [{ heading: 'Beans', content: 'Buy **fresh** beans.' }, { content: 'Grind them just before brewing.' }],
      metadata: { seoTitle: 'Home coffee guide', metaDescription: 'How to brew good coffee', focusKeyphrase: 'coffee' },
      ctaContent: 'Subscribe for more.',
      autosave: true,
      version: 1,
      createdAt: '2026-01-15T10:00:00.000Z',
      updatedAt: '2026-01-15T10:00:00.000Z',
    });
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/v1/drafts/${response.body.id}`);
    const row = await draftRow(ctx.current, response.body.id);
    expect(row).toMatchObject({ userId: user.id, title: 'Brewing coffee at home', version: 1 });
  });

  it('stores the optional fields as null when absent and autosave as given', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/drafts', {
      token: user.token,
      body: { title: 'Bare', config: {}, sections: [], autosave: false },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ metadata: null, ctaContent: null, autosave: false, sections: [] });
  });

  it('answers 401 with WWW-Authenticate without a token', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/drafts', { body: draftBody() });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['a missing title', { title: undefined }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title over 300 characters', { title: 'x'.repeat(301) }, 'title'],
    ['config as an array', { config: [] }, 'config'],
    ['config as a string', { config: 'x' }, 'config'],
    ['metadata as a number', { metadata: 3 }, 'metadata'],
    ['sections as an object', { sections: {} }, 'sections'],
    ['a section without content', { sections: [{ heading: 'h' }] }, 'sections.0.content'],
    ['a section with a two-line heading', { sections: [{ heading: 'a\nb', content: 'c' }] }, 'sections.0.heading'],
    ['an unknown field in a section', { sections: [{ content: 'c', extra: 1 }] }, 'sections.0.extra'],
    ['an unknown top-level field', { userId: 'someone' }, 'userId'],
    ['autosave as a string', { autosave: 'yes' }, 'autosave'],
    ['ctaContent as a number', { ctaContent: 5 }, 'ctaContent'],
    ['more than 200 sections', { sections: Array.from({ length: 201 }, () => ({ content: 'c' })) }, 'sections'],
    ['config over 64 KiB', { config: { blob: 'é'.repeat(33_000) } }, 'config'],
    ['a NUL in the title', { title: 'a\u0000b' }, 'title'],
    ['a NUL in a config value', { config: { nested: ['ok', 'a\u0000'] } }, 'config.nested.1'],
    ['a NUL in a metadata key', { metadata: { 'k\u0000': 1 } }, 'metadata.k\u0000'],
    ['an unpaired surrogate in a section', { sections: [{ content: 'x\ud800y' }] }, 'sections.0.content'],
    ['an unpaired surrogate in a heading', { sections: [{ heading: '\udc00', content: 'c' }] }, 'sections.0.heading'],
    ['a NUL in ctaContent', { ctaContent: '\u0000' }, 'ctaContent'],
  ])('answers 400 naming the field for %s', async (_, overrides, path) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/drafts', {
      token: user.token,
      body: draftBody(overrides),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it('answers 400 for a missing body and creates nothing', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/drafts', { token: user.token });
    expect(response.status).toBe(400);
    const list = await call(ctx.current.app, 'GET', '/v1/drafts', { token: user.token });
    expect(list.body.data).toEqual([]);
  });
});

describe('GET /v1/drafts/{id}', () => {
  it('returns the draft with its ETag, and 304 for a current If-None-Match', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'GET', `/v1/drafts/${draft.id}`, { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(draft);
    expect(response.headers.get('etag')).toBe('"1"');
    const cached = await call(ctx.current.app, 'GET', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-none-match': '"1"' },
    });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe('"1"');
    const stale = await call(ctx.current.app, 'GET', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-none-match': '"0"' },
    });
    expect(stale.status).toBe(200);
  });

  it('answers 404 for an id that does not exist and 400 for a malformed one', async () => {
    const user = await createUser(ctx.current);
    const missing = await call(ctx.current.app, 'GET', `/v1/drafts/${crypto.randomUUID()}`, { token: user.token });
    expect(missing.status).toBe(404);
    const malformed = await call(ctx.current.app, 'GET', '/v1/drafts/not-a-uuid', { token: user.token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('id');
  });

  it('answers 401 without a token', async () => {
    const response = await call(ctx.current.app, 'GET', `/v1/drafts/${crypto.randomUUID()}`);
    expect(response.status).toBe(401);
  });
});

describe('DELETE /v1/drafts/{id}', () => {
  it('deletes the draft with 204, then it is 404', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    const response = await call(ctx.current.app, 'DELETE', `/v1/drafts/${draft.id}`, { token: user.token });
    expect(response.status).toBe(204);
    expect(await draftRow(ctx.current, draft.id)).toBeUndefined();
    const again = await call(ctx.current.app, 'DELETE', `/v1/drafts/${draft.id}`, { token: user.token });
    expect(again.status).toBe(404);
  });

  it('answers 412 for a stale If-Match and keeps the draft', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user);
    await call(ctx.current.app, 'PATCH', `/v1/drafts/${draft.id}`, { token: user.token, body: { title: 'New' } });
    const response = await call(ctx.current.app, 'DELETE', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': '"1"' },
    });
    expect(response.status).toBe(412);
    expect(await draftRow(ctx.current, draft.id)).toMatchObject({ title: 'New', version: 2 });
    const current = await call(ctx.current.app, 'DELETE', `/v1/drafts/${draft.id}`, {
      token: user.token,
      headers: { 'if-match': '"2"' },
    });
    expect(current.status).toBe(204);
  });
});

describe('the OpenAPI document', () => {
  it('describes the drafts operations with their ids, tag, bounds and answers', async () => {
    const spec = await call(ctx.current.app, 'GET', '/openapi.json');
    expect(spec.status).toBe(200);
    const { paths, components } = spec.body;
    const operations = {
      createDraft: paths['/v1/drafts'].post,
      listDrafts: paths['/v1/drafts'].get,
      getDraft: paths['/v1/drafts/{id}'].get,
      updateDraft: paths['/v1/drafts/{id}'].patch,
      deleteDraft: paths['/v1/drafts/{id}'].delete,
      publishDraft: paths['/v1/drafts/{id}/publish'].post,
    };
    for (const [operationId, operation] of Object.entries(operations)) {
      expect(operation.operationId).toBe(operationId);
      expect(operation.tags).toEqual(['Drafts']);
      expect(operation.security).toEqual([{ bearerAuth: [] }]);
      expect(operation.responses['401']).toBeDefined();
    }
    expect(Object.keys(operations.updateDraft.responses)).toEqual(expect.arrayContaining(['200', '404', '412']));
    expect(operations.updateDraft.responses['200'].headers.ETag).toBeDefined();
    expect(Object.keys(operations.publishDraft.responses)).toEqual(
      expect.arrayContaining(['201', '404', '409', '412', '422']),
    );
    const body = components.schemas.CreateDraftBody;
    expect(body.required).toEqual(expect.arrayContaining(['title', 'config', 'sections']));
    expect(body.properties.title.maxLength).toBe(300);
    expect(body.properties.sections.maxItems).toBe(200);
    expect(body.additionalProperties).toBe(false);
  });
});
