import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { settings } from '../../drizzle/index.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

const rowsOf = (userId: string) => ctx.current.database.db.select().from(settings).where(eq(settings.userId, userId));

describe('GET /v1/settings', () => {
  it('creates the defaults on first read', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'GET', '/v1/settings', { token: user.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ defaultProvider: 'GEMINI', focusKeyphrase: null, preferences: {} });
    expect(await rowsOf(user.id)).toHaveLength(1);
  });

  it('makes one row, without error, under concurrent first reads', async () => {
    const user = await createUser(ctx.current);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => call(ctx.current.app, 'GET', '/v1/settings', { token: user.token })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await rowsOf(user.id)).toHaveLength(1);
  });

  it('needs a token', async () => {
    const response = await call(ctx.current.app, 'GET', '/v1/settings');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('PATCH /v1/settings', () => {
  it('changes only the fields given, and works before any read', async () => {
    const user = await createUser(ctx.current);
    const first = await call(ctx.current.app, 'PATCH', '/v1/settings', {
      token: user.token,
      body: { focusKeyphrase: 'seo tips' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ defaultProvider: 'GEMINI', focusKeyphrase: 'seo tips', preferences: {} });

    const second = await call(ctx.current.app, 'PATCH', '/v1/settings', {
      token: user.token,
      body: { defaultProvider: 'ANTHROPIC', preferences: { theme: 'dark', nested: { a: [1, 2] } } },
    });
    expect(second.body).toMatchObject({
      defaultProvider: 'ANTHROPIC',
      focusKeyphrase: 'seo tips',
      preferences: { theme: 'dark', nested: { a: [1, 2] } },
    });

    const cleared = await call(ctx.current.app, 'PATCH', '/v1/settings', {
      token: user.token,
      body: { focusKeyphrase: null },
    });
    expect(cleared.body).toMatchObject({ defaultProvider: 'ANTHROPIC', focusKeyphrase: null });
    const empty = await call(ctx.current.app, 'PATCH', '/v1/settings', { token: user.token, body: {} });
    expect(empty.body).toMatchObject({ defaultProvider: 'ANTHROPIC', preferences: { theme: 'dark' } });
    expect(await rowsOf(user.id)).toHaveLength(1);
  });

  it('accepts preferences of exactly 16 KiB as UTF-8 JSON and rejects one byte more', async () => {
    const user = await createUser(ctx.current);
    // {"k":"…"} is 8 bytes of syntax; "é" is 2 bytes in UTF-8, so the limit counts bytes, not characters.
    const fits = { k: 'é'.repeat(4000) + 'x'.repeat(16384 - 8 - 8000) };
    const ok = await call(ctx.current.app, 'PATCH', '/v1/settings', { token: user.token, body: { preferences: fits } });
    expect(ok.status).toBe(200);
    const over = { k: `${fits.k}x` };
    const tooBig = await call(ctx.current.app, 'PATCH', '/v1/settings', {
      token: user.token,
      body: { preferences: over },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].path).toBe('preferences');
    const row = (await rowsOf(user.id))[0];
    expect(row?.preferences).toEqual(fits);
  });

  it('rejects a non-object preferences, an unknown provider and unknown fields', async () => {
    const user = await createUser(ctx.current);
    for (const [body, path] of [
      [{ preferences: [1, 2] }, 'preferences'],
      [{ preferences: 'dark' }, 'preferences'],
      [{ defaultProvider: 'gemini' }, 'defaultProvider'],
      [{ theme: 'dark' }, 'theme'],
    ] as const) {
      const response = await call(ctx.current.app, 'PATCH', '/v1/settings', { token: user.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors[0].path).toBe(path);
    }
  });

  it('keeps each user’s settings apart', async () => {
    const alice = await createUser(ctx.current);
    const bob = await createUser(ctx.current);
    await call(ctx.current.app, 'PATCH', '/v1/settings', { token: alice.token, body: { defaultProvider: 'OPENAI' } });
    const bobs = await call(ctx.current.app, 'GET', '/v1/settings', { token: bob.token });
    expect(bobs.body.defaultProvider).toBe('GEMINI');
  });
});
