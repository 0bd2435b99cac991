import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../drizzle/index.ts';
import { DecryptionError } from '../../src/crypto/aead.ts';
import { getActiveProviderKey } from '../../src/modules/api-keys/api-keys.vault.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { forms, uniqueSecret } from './secrets.ts';

const ctx = useTestContext();

const put = (token: string, provider: string, body: unknown) =>
  call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, { token, body });
const activeKey = (userId: string, provider: 'OPENAI' | 'GEMINI' | 'ANTHROPIC' | 'LLAMA') =>
  getActiveProviderKey(ctx.current.database.db, ctx.current.services.shared.keyRing, userId, provider);

async function envelopeOf(userId: string, provider: 'OPENAI' | 'GEMINI' | 'ANTHROPIC' | 'LLAMA') {
  const [row] = await ctx.current.database.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), eq(apiKeys.provider, provider)));
  if (!row) throw new Error('no such row');
  return row;
}

async function expectUnreadable(promise: Promise<unknown>, secrets: string[]) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DecryptionError);
  const text = `${String(error)} ${(error as Error).stack}`;
  for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
}

describe('getActiveProviderKey (server-side use only)', () => {
  it('returns the plaintext of the user’s active key for that provider', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    await put(user.token, 'OPENAI', { key: secret });
    expect(await activeKey(user.id, 'OPENAI')).toBe(secret);
    expect(await activeKey(user.id, 'GEMINI')).toBeUndefined();
  });

  it('returns nothing for a key switched off, and the new key after a replace', async () => {
    const user = await createUser(ctx.current);
    await put(user.token, 'GEMINI', { key: uniqueSecret(), isActive: false });
    expect(await activeKey(user.id, 'GEMINI')).toBeUndefined();
    const replacement = uniqueSecret('AIza');
    await put(user.token, 'GEMINI', { key: replacement });
    expect(await activeKey(user.id, 'GEMINI')).toBe(replacement);
  });

  it('never returns another user’s key', async () => {
    const owner = await createUser(ctx.current);
    const stranger = await createUser(ctx.current);
    await put(owner.token, 'ANTHROPIC', { key: uniqueSecret() });
    expect(await activeKey(stranger.id, 'ANTHROPIC')).toBeUndefined();
  });

  it('refuses a value moved to another user’s row, without naming either secret', async () => {
    const owner = await createUser(ctx.current);
    const thief = await createUser(ctx.current);
    const ownerSecret = uniqueSecret();
    const thiefSecret = uniqueSecret();
    await put(owner.token, 'OPENAI', { key: ownerSecret });
    await put(thief.token, 'OPENAI', { key: thiefSecret });
    const stolen = await envelopeOf(owner.id, 'OPENAI');
    await ctx.current.database.db
      .update(apiKeys)
      .set({ encryptedKey: stolen.encryptedKey })
      .where(eq(apiKeys.id, (await envelopeOf(thief.id, 'OPENAI')).id));
    await expectUnreadable(activeKey(thief.id, 'OPENAI'), [ownerSecret, thiefSecret]);
    expect(await activeKey(owner.id, 'OPENAI')).toBe(ownerSecret);
  });

  it('refuses a value moved to another provider’s row of the same user', async () => {
    const user = await createUser(ctx.current);
    const openai = uniqueSecret();
    await put(user.token, 'OPENAI', { key: openai });
    await put(user.token, 'LLAMA', { key: uniqueSecret() });
    const source = await envelopeOf(user.id, 'OPENAI');
    await ctx.current.database.db
      .update(apiKeys)
      .set({ encryptedKey: source.encryptedKey })
      .where(eq(apiKeys.id, (await envelopeOf(user.id, 'LLAMA')).id));
    await expectUnreadable(activeKey(user.id, 'LLAMA'), [openai]);
  });

  it('refuses a tampered value', async () => {
    const user = await createUser(ctx.current);
    const secret = uniqueSecret();
    await put(user.token, 'OPENAI', { key: secret });
    const row = await envelopeOf(user.id, 'OPENAI');
    const parts = row.encryptedKey.split('.');
    const nonce = parts[2] as string;
    parts[2] = `${nonce[0] === 'A' ? 'B' : 'A'}${nonce.slice(1)}`;
    await ctx.current.database.db
      .update(apiKeys)
      .set({ encryptedKey: parts.join('.') })
      .where(eq(apiKeys.id, row.id));
    await expectUnreadable(activeKey(user.id, 'OPENAI'), [secret]);
  });

  it('keeps a full API flow free of plaintext in the log', async () => {
    const lines = ctx.current.logLines;
    const before = lines.length;
    const user = await createUser(ctx.current);
    const secrets = [uniqueSecret(), uniqueSecret(), uniqueSecret()];
    const [first, second, rejected] = secrets as [string, string, string];
    const steps: [string, string, unknown?][] = [
      ['PUT', '/v1/api-keys/OPENAI', { key: first }],
      ['GET', '/v1/api-keys'],
      ['PATCH', '/v1/api-keys/OPENAI', { isActive: false }],
      ['PUT', '/v1/api-keys/OPENAI', { key: second, isActive: true }],
      ['PUT', '/v1/api-keys/OPENAI', { key: `${rejected} spaced` }],
      ['PUT', '/v1/api-keys/MISTRAL', { key: rejected }],
      ['PUT', '/v1/api-keys/GEMINI', `{"key":"${rejected}"`],
      ['GET', '/v1/api-keys'],
      ['DELETE', '/v1/api-keys/OPENAI'],
    ];
    for (const [method, path, body] of steps) await call(ctx.current.app, method, path, { token: user.token, body });
    expect(await activeKey(user.id, 'OPENAI')).toBeUndefined();
    const captured = lines.slice(before).join('\n');
    expect(captured).toContain('"path":"/v1/api-keys/OPENAI"');
    for (const secret of secrets) for (const form of forms(secret)) expect(captured).not.toContain(form);
  });
});
