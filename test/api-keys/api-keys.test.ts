import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../drizzle/index.ts';
import { KeyRing } from '../../src/crypto/aead.ts';
import { randomBytes } from '../../src/crypto/encoding.ts';
import { sealApiKey } from '../../src/modules/api-keys/api-keys.vault.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { forms, uniqueSecret } from './secrets.ts';

const ctx = useTestContext();

const put = (token: string, provider: string, body: unknown) =>
  call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, { token, body });
const list = (token: string) => call(ctx.current.app, 'GET', '/v1/api-keys', { token });
const storedRows = (userId: string) => ctx.current.database.db.select().from(apiKeys).where(eq(apiKeys.userId, userId));

describe('PUT /v1/api-keys/{provider}', () => {
  it('stores a first key with 201 and answers with only a masked form', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    const response = await put(user.token, 'OPENAI', { key: secret });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      provider: 'OPENAI',
      isActive: true,
      isReadable: true,
      maskedKey: `…${secret.slice(-4)}`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    for (const form of forms(secret)) expect(response.text).not.toContain(form);
  });

  it('stores only an encrypted envelope: never the plaintext, its base64 or its hex', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    await put(user.token, 'ANTHROPIC', { key: secret });
    const [row] = await storedRows(user.id);
    expect(row?.encryptedKey).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(row?.encryptedKey.startsWith(ctx.current.services.shared.keyRing.currentPrefix)).toBe(true);
    for (const form of forms(secret)) expect(row?.encryptedKey).not.toContain(form);
  });

  it('replaces the key with 200, keeping one row per provider', async () => {
    const user = await createUser(ctx.current);
    const first = await put(user.token, 'GEMINI', { key: uniqueSecret(), isActive: false });
    expect(first.status).toBe(201);
    expect(first.body.isActive).toBe(false);
    ctx.current.clock.advance(60_000);
    const second = uniqueSecret();
    const replaced = await put(user.token, 'GEMINI', { key: second });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: first.body.id, isActive: true, maskedKey: `…${second.slice(-4)}` });
    expect(replaced.body.createdAt).toBe(first.body.createdAt);
    expect(new Date(replaced.body.updatedAt).getTime()).toBeGreaterThan(new Date(first.body.updatedAt).getTime());
    expect(await storedRows(user.id)).toHaveLength(1);
  });

  it('shows no character of a key of 8 characters', async () => {
    const user = await createUser(ctx.current);
    const response = await put(user.token, 'LLAMA', { key: 'ab3$5678' });
    expect(response.status).toBe(201);
    expect(response.body.maskedKey).toBe('…');
  });

  it('answers 400 naming the field, without echoing the key', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    const cases: [unknown, string][] = [
      [{ key: 'short' }, 'key'],
      [{ key: `${secret} with spaces` }, 'key'],
      [{ key: `${secret}\n` }, 'key'],
      [{ key: 'k'.repeat(513) }, 'key'],
      [{ key: 12345678 }, 'key'],
      [{}, 'key'],
      [{ key: secret, isActive: 'yes' }, 'isActive'],
      [{ key: secret, encryptedKey: 'v1.x' }, 'encryptedKey'],
    ];
    for (const [body, field] of cases) {
      const response = await put(user.token, 'OPENAI', body);
      expect(response.status, JSON.stringify(field)).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
      for (const form of forms(secret)) expect(response.text).not.toContain(form);
    }
    expect(await storedRows(user.id)).toHaveLength(0);
  });

  it('answers 400 naming the path for an unknown provider', async () => {
    const user = await createUser(ctx.current);
    for (const provider of ['MISTRAL', 'openai', '1']) {
      const response = await put(user.token, provider, { key: uniqueSecret() });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].path).toBe('provider');
    }
  });
});

describe('GET /v1/api-keys', () => {
  it('lists only the caller’s keys, masked, without the stored envelope', async () => {
    const owner = await createUser(ctx.current);
    const other = await createUser(ctx.current);
    const openai = uniqueSecret();
    const gemini = uniqueSecret();
    await put(owner.token, 'OPENAI', { key: openai });
    await put(owner.token, 'GEMINI', { key: gemini, isActive: false });
    await put(other.token, 'OPENAI', { key: uniqueSecret() });

    const response = await list(owner.token);
    expect(response.status).toBe(200);
    expect(response.body.data.map((key: { provider: string }) => key.provider)).toEqual(['GEMINI', 'OPENAI']);
    expect(response.body.data[0]).toMatchObject({
      isActive: false,
      isReadable: true,
      maskedKey: `…${gemini.slice(-4)}`,
    });
    expect(Object.keys(response.body.data[1]).sort()).toEqual(
      ['createdAt', 'id', 'isActive', 'isReadable', 'maskedKey', 'provider', 'updatedAt'].sort(),
    );
    const [stored] = await storedRows(owner.id);
    expect(response.text).not.toContain(stored?.encryptedKey.split('.')[3]);
    for (const form of [...forms(openai), ...forms(gemini)]) expect(response.text).not.toContain(form);
    expect((await list(other.token)).body.data).toHaveLength(1);
  });

  it('flags rows that no longer decrypt (tampered, swapped, key removed) instead of failing', async () => {
    const user = await createUser(ctx.current);
    const victim = await createUser(ctx.current);
    await put(user.token, 'OPENAI', { key: uniqueSecret() });
    await put(user.token, 'GEMINI', { key: uniqueSecret() });
    const kept = uniqueSecret();
    await put(user.token, 'LLAMA', { key: kept });
    await put(victim.token, 'ANTHROPIC', { key: uniqueSecret() });
    const rows = await storedRows(user.id);
    const byProvider = Object.fromEntries(rows.map((row) => [row.provider, row]));
    const [victimRow] = await storedRows(victim.id);
    const db = ctx.current.database.db;

    // Tampered: one character of the ciphertext changed.
    const openai = byProvider.OPENAI?.encryptedKey as string;
    const last = openai.at(-2) === 'A' ? 'B' : 'A';
    await db
      .update(apiKeys)
      .set({ encryptedKey: `${openai.slice(0, -2)}${last}${openai.at(-1)}` })
      .where(eq(apiKeys.id, byProvider.OPENAI?.id as string));
    // Swapped: another user's valid envelope copied into this user's row.
    await db
      .update(apiKeys)
      .set({ encryptedKey: victimRow?.encryptedKey as string })
      .where(eq(apiKeys.id, byProvider.GEMINI?.id as string));
    // Key removed: a value under a key that is not in the ring.
    const lostRing = new KeyRing([randomBytes(32)]);
    await db.insert(apiKeys).values({
      userId: user.id,
      provider: 'ANTHROPIC',
      encryptedKey: sealApiKey(lostRing, { userId: user.id, provider: 'ANTHROPIC' }, uniqueSecret()),
    });

    const response = await list(user.token);
    expect(response.status).toBe(200);
    const flags = Object.fromEntries(
      response.body.data.map((key: { provider: string; isReadable: boolean; maskedKey: string | null }) => [
        key.provider,
        [key.isReadable, key.maskedKey],
      ]),
    );
    expect(flags).toEqual({
      ANTHROPIC: [false, null],
      GEMINI: [false, null],
      LLAMA: [true, `…${kept.slice(-4)}`],
      OPENAI: [false, null],
    });
    const warnings = ctx.current.logLines.filter((line) => line.includes('stored api key does not decrypt'));
    expect(warnings.some((line) => line.includes(byProvider.OPENAI?.id as string))).toBe(true);
    // The victim's own row still decrypts: copying it elsewhere changed nothing for them.
    expect((await list(victim.token)).body.data[0].isReadable).toBe(true);
  });
});

describe('PATCH /v1/api-keys/{provider}', () => {
  it('switches a key off and on', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    await put(user.token, 'OPENAI', { key: secret });
    const off = await call(ctx.current.app, 'PATCH', '/v1/api-keys/OPENAI', {
      token: user.token,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ provider: 'OPENAI', isActive: false, maskedKey: `…${secret.slice(-4)}` });
    const [row] = await storedRows(user.id);
    expect(row?.isActive).toBe(false);
    const on = await call(ctx.current.app, 'PATCH', '/v1/api-keys/OPENAI', {
      token: user.token,
      body: { isActive: true },
    });
    expect(on.body.isActive).toBe(true);
  });

  it('answers 404 for a provider without a key, including one only another user has', async () => {
    const owner = await createUser(ctx.current);
    const stranger = await createUser(ctx.current);
    await put(owner.token, 'ANTHROPIC', { key: uniqueSecret() });
    const response = await call(ctx.current.app, 'PATCH', '/v1/api-keys/ANTHROPIC', {
      token: stranger.token,
      body: { isActive: false },
    });
    expect(response.status).toBe(404);
    const [row] = await storedRows(owner.id);
    expect(row?.isActive).toBe(true);
  });

  it('answers 400 naming the field; the key itself cannot be changed here', async () => {
    const user = await createUser(ctx.current);
    await put(user.token, 'OPENAI', { key: uniqueSecret() });
    for (const [body, field] of [
      [{}, 'isActive'],
      [{ isActive: 'false' }, 'isActive'],
      [{ isActive: true, key: uniqueSecret() }, 'key'],
    ] as const) {
      const response = await call(ctx.current.app, 'PATCH', '/v1/api-keys/OPENAI', { token: user.token, body });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    }
  });
});

describe('DELETE /v1/api-keys/{provider}', () => {
  it('deletes with 204, then answers 404', async () => {
    const user = await createUser(ctx.current);
    await put(user.token, 'GEMINI', { key: uniqueSecret() });
    const deleted = await call(ctx.current.app, 'DELETE', '/v1/api-keys/GEMINI', { token: user.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await storedRows(user.id)).toHaveLength(0);
    const again = await call(ctx.current.app, 'DELETE', '/v1/api-keys/GEMINI', { token: user.token });
    expect(again.status).toBe(404);
  });

  it('answers 404 for another user’s key and leaves it in place', async () => {
    const owner = await createUser(ctx.current);
    const stranger = await createUser(ctx.current);
    await put(owner.token, 'LLAMA', { key: uniqueSecret() });
    const response = await call(ctx.current.app, 'DELETE', '/v1/api-keys/LLAMA', { token: stranger.token });
    expect(response.status).toBe(404);
    expect(await storedRows(owner.id)).toHaveLength(1);
  });

  it('answers 400 for an unknown provider', async () => {
    const user = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'DELETE', '/v1/api-keys/NOPE', { token: user.token });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('provider');
  });
});

describe('authentication and the contract', () => {
  it('answers 401 on every route without a valid token', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/api-keys'],
      ['PUT', '/v1/api-keys/OPENAI', { key: uniqueSecret() }],
      ['PATCH', '/v1/api-keys/OPENAI', { isActive: false }],
      ['DELETE', '/v1/api-keys/OPENAI'],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [undefined, 'not.a.token']) {
        const response = await call(ctx.current.app, method, path, { token, body });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
  });

  it('documents the four operations under the API keys tag', async () => {
    const spec = (await call(ctx.current.app, 'GET', '/openapi.json')).body;
    const operations = [
      spec.paths['/v1/api-keys']?.get,
      spec.paths['/v1/api-keys/{provider}']?.put,
      spec.paths['/v1/api-keys/{provider}']?.patch,
      spec.paths['/v1/api-keys/{provider}']?.delete,
    ];
    expect(operations.map((operation) => operation?.operationId)).toEqual([
      'listApiKeys',
      'putApiKey',
      'updateApiKey',
      'deleteApiKey',
    ]);
    for (const operation of operations) expect(operation.tags).toEqual(['API keys']);
    expect(Object.keys(spec.paths['/v1/api-keys/{provider}'].put.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401']),
    );
  });
});
