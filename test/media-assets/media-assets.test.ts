import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mediaAssets } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { imageAsset, insertArticle } from './fixtures.ts';

const ctx = useTestContext();

const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);

describe('POST /v1/media-assets', () => {
  it('creates an asset attached to the caller’s article and reads it back', async () => {
    const user = await createUser(ctx.current);
    const articleId = await insertArticle(ctx.current, user.id);
    const body = imageAsset({
      style: 'watercolour',
      aspectRatio: '16:9',
      url: 'https://cdn.example.com/media/lighthouse.png',
      metadata: { seed: 42, model: 'gpt-image-1' },
      articleId,
    });
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      ...body,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    expect(created.headers.get('location')).toBe(`/v1/media-assets/${created.body.id}`);
    expect(created.body).not.toHaveProperty('userId');

    const read = await call(ctx.current.app, 'GET', `/v1/media-assets/${created.body.id}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('fills optional fields with null and accepts a relative storage path', async () => {
    const user = await createUser(ctx.current);
    const created = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ type: 'AUDIO', provider: 'GEMINI', url: 'media/2026/01/voice-over.mp3' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'AUDIO',
      url: 'media/2026/01/voice-over.mp3',
      style: null,
      aspectRatio: null,
      metadata: null,
      articleId: null,
    });
  });

  it('answers 400 naming each bad field', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: {
        type: 'GIF',
        provider: 'MIDJOURNEY',
        prompt: '   ',
        articleId: 'not-a-uuid',
        aspectRatio: 'x'.repeat(33),
      },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(errorPaths(response.body).sort()).toEqual(['articleId', 'aspectRatio', 'prompt', 'provider', 'type']);
  });

  it('answers 400 for a missing body and for missing required fields', async () => {
    const user = await createUser(ctx.current);
    const empty = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token });
    expect(empty.status).toBe(400);
    const partial = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body: {} });
    expect(partial.status).toBe(400);
    expect(errorPaths(partial.body).sort()).toEqual(['prompt', 'provider', 'type']);
  });

  it('rejects unknown fields by name instead of storing them', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ userId: crypto.randomUUID(), width: 1024 }),
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body).sort()).toEqual(['userId', 'width']);
    const stored = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.userId, user.id));
    expect(stored).toHaveLength(0);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    '//evil.example.com/x.png',
    'https:\\\\evil.example.com\\x.png',
    'vbscript:msgbox(1)',
    'media/../../etc/passwd',
    `https://cdn.example.com/${'a'.repeat(2049)}`,
  ])('answers 400 naming url for %#: %.40s', async (url) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ url }),
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body)).toEqual(['url']);
  });

  it('accepts metadata of exactly 16 KiB and rejects one byte more', async () => {
    const user = await createUser(ctx.current);
    const overhead = JSON.stringify({ blob: '' }).length;
    const atLimit = { blob: 'x'.repeat(16 * 1024 - overhead) };
    const ok = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ metadata: atLimit }),
    });
    expect(ok.status).toBe(201);
    const over = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ metadata: { blob: `${atLimit.blob}x` } }),
    });
    expect(over.status).toBe(400);
    expect(errorPaths(over.body)).toEqual(['metadata']);
  });

  it('counts metadata size in UTF-8 bytes, so multi-byte text hits the limit sooner', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ metadata: { caption: 'é'.repeat(9000) } }),
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body)).toEqual(['metadata']);
  });

  it.each([[['a', 'b']], ['text'], [42]])('answers 400 when metadata is not an object (%j)', async (metadata) => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ metadata }),
    });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body)).toEqual(['metadata']);
  });

  it('answers 400 (never 500) for text or metadata PostgreSQL cannot store', async () => {
    const user = await createUser(ctx.current);
    for (const body of [imageAsset({ prompt: 'a\u0000b' }), imageAsset({ metadata: { note: 'x\u0000' } })]) {
      const response = await call(ctx.current.app, 'POST', '/v1/media-assets', { token: user.token, body });
      expect(response.status).toBe(400);
    }
  });

  it('answers 404 for an article that does not exist and stores nothing', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      body: imageAsset({ articleId: crypto.randomUUID() }),
    });
    expect(response.status).toBe(404);
    const stored = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.userId, user.id));
    expect(stored).toHaveLength(0);
  });

  it('answers 401 without a valid token', async () => {
    const missing = await call(ctx.current.app, 'POST', '/v1/media-assets', { body: imageAsset() });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    for (const [method, path] of [
      ['GET', '/v1/media-assets'],
      ['GET', `/v1/media-assets/${crypto.randomUUID()}`],
      ['PATCH', `/v1/media-assets/${crypto.randomUUID()}`],
      ['DELETE', `/v1/media-assets/${crypto.randomUUID()}`],
    ] as const) {
      const body = method === 'PATCH' ? { prompt: 'x' } : undefined;
      const response = await call(ctx.current.app, method, path, { token: 'not.a.token', body });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it('replays a create sent again with the same Idempotency-Key and creates one row', async () => {
    const user = await createUser(ctx.current);
    const headers = { 'idempotency-key': `media-${crypto.randomUUID()}` };
    const first = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      headers,
      body: imageAsset(),
    });
    const again = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      headers,
      body: imageAsset(),
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await call(ctx.current.app, 'POST', '/v1/media-assets', {
      token: user.token,
      headers,
      body: imageAsset({ prompt: 'something else' }),
    });
    expect(other.status).toBe(422);
    const stored = await ctx.current.database.db.select().from(mediaAssets).where(eq(mediaAssets.userId, user.id));
    expect(stored).toHaveLength(1);
  });
});
