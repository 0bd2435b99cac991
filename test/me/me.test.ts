import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, articles, drafts, mediaAssets, researchQueries, settings, users } from '../../drizzle/index.ts';
import { login, RELAXED_LIMITS, register } from '../auth/helpers.ts';
import type { TestContext } from '../helpers/context.ts';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext({ env: RELAXED_LIMITS });

async function signedIn(name?: string) {
  const user = await register(ctx.current, name ? { name } : {});
  return { ...user, token: await login(ctx.current, user.email, user.password) };
}

/** One row in every table the user can own. */
async function seedOwnedRows(c: TestContext, userId: string) {
  const db = c.database.db;
  const [article] = await db
    .insert(articles)
    .values({ userId, title: 'T', slug: `t-${crypto.randomUUID()}`, content: 'c', htmlContent: '<p>c</p>' })
    .returning({ id: articles.id });
  await db.insert(drafts).values({ userId, title: 'D', config: {}, sections: [{ content: 'x' }] });
  await db.insert(apiKeys).values({ userId, provider: 'OPENAI', encryptedKey: 'v1:opaque' });
  await db
    .insert(mediaAssets)
    .values({ userId, type: 'IMAGE', provider: 'GEMINI', prompt: 'p', articleId: article?.id });
  await db.insert(researchQueries).values({ userId, query: 'Q', normalizedQuery: 'q' });
  await db.insert(settings).values({ userId });
}

async function countOwnedRows(c: TestContext, userId: string) {
  const db = c.database.db;
  const counts = await Promise.all([
    db.select({ id: users.id }).from(users).where(eq(users.id, userId)),
    db.select({ id: articles.id }).from(articles).where(eq(articles.userId, userId)),
    db.select({ id: drafts.id }).from(drafts).where(eq(drafts.userId, userId)),
    db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.userId, userId)),
    db.select({ id: mediaAssets.id }).from(mediaAssets).where(eq(mediaAssets.userId, userId)),
    db.select({ id: researchQueries.id }).from(researchQueries).where(eq(researchQueries.userId, userId)),
    db.select({ id: settings.id }).from(settings).where(eq(settings.userId, userId)),
  ]);
  return counts.map((rows) => rows.length);
}

describe('GET /v1/me', () => {
  it('answers exactly the public fields', async () => {
    const user = await signedIn('Ada');
    const response = await call(ctx.current.app, 'GET', '/v1/me', { token: user.token });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ['createdAt', 'email', 'emailVerified', 'id', 'name', 'updatedAt'].sort(),
    );
    expect(response.body).toMatchObject({ id: user.id, email: user.email, name: 'Ada', emailVerified: false });
  });

  it('needs a token', async () => {
    const response = await call(ctx.current.app, 'GET', '/v1/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('PATCH /v1/me', () => {
  it('changes the name, and null clears it', async () => {
    const user = await signedIn('Ada');
    const renamed = await call(ctx.current.app, 'PATCH', '/v1/me', { token: user.token, body: { name: ' Grace ' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Grace');
    const cleared = await call(ctx.current.app, 'PATCH', '/v1/me', { token: user.token, body: { name: null } });
    expect(cleared.body.name).toBeNull();
    expect((await call(ctx.current.app, 'GET', '/v1/me', { token: user.token })).body.name).toBeNull();
  });

  it('rejects fields that cannot be changed here', async () => {
    const user = await signedIn();
    const response = await call(ctx.current.app, 'PATCH', '/v1/me', {
      token: user.token,
      body: { name: 'x', email: 'other@example.test', emailVerified: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'email',
      'emailVerified',
    ]);
  });
});

describe('DELETE /v1/me', () => {
  it('answers 403 for a wrong password and deletes nothing', async () => {
    const user = await signedIn();
    await seedOwnedRows(ctx.current, user.id);
    const response = await call(ctx.current.app, 'DELETE', '/v1/me', {
      token: user.token,
      body: { password: 'not my password' },
    });
    expect(response.status).toBe(403);
    expect(await countOwnedRows(ctx.current, user.id)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('needs the password in the body', async () => {
    const user = await signedIn();
    const response = await call(ctx.current.app, 'DELETE', '/v1/me', { token: user.token });
    expect(response.status).toBe(400);
  });

  it('removes the user and every row they own, and nobody else’s', async () => {
    const user = await signedIn();
    const bystander = await signedIn();
    await seedOwnedRows(ctx.current, user.id);
    await seedOwnedRows(ctx.current, bystander.id);
    const otherToken = await login(ctx.current, user.email, user.password);

    const response = await call(ctx.current.app, 'DELETE', '/v1/me', {
      token: user.token,
      body: { password: user.password },
    });
    expect(response.status).toBe(204);
    expect(await countOwnedRows(ctx.current, user.id)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await countOwnedRows(ctx.current, bystander.id)).toEqual([1, 1, 1, 1, 1, 1, 1]);

    for (const token of [user.token, otherToken]) {
      const after = await call(ctx.current.app, 'GET', '/v1/me', { token });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toBe('Bearer');
    }
    const relogin = await call(ctx.current.app, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(relogin.status).toBe(401);
    // The address is free again.
    await register(ctx.current, { email: user.email });
  });
});
