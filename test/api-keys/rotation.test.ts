import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../drizzle/enums.ts';
import { apiKeys } from '../../drizzle/index.ts';
import { loadConfig } from '../../src/config.ts';
import { KeyRing, keyIdOf } from '../../src/crypto/aead.ts';
import { randomBytes, toBase64 } from '../../src/crypto/encoding.ts';
import { getActiveProviderKey, sealApiKey } from '../../src/modules/api-keys/api-keys.vault.ts';
import { rotateApiKeys } from '../../src/modules/api-keys/rotation.ts';
import { appFor, TEST_ENV, useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { uniqueSecret } from './secrets.ts';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const ctx = useTestContext({ env: { ENCRYPTION_KEY: toBase64(KEY_A) } });
const PROVIDERS: Provider[] = ['GEMINI', 'OPENAI', 'ANTHROPIC', 'LLAMA'];

/** The app as deployed after the operator puts key B first: B encrypts, A and B decrypt. */
const appWith = (encryptionKey: string) =>
  appFor({ ...ctx.current.deps, config: loadConfig({ ...TEST_ENV, ENCRYPTION_KEY: encryptionKey }) });

async function storeKeys(users: number): Promise<Map<string, { userId: string; provider: Provider; secret: string }>> {
  const stored = new Map<string, { userId: string; provider: Provider; secret: string }>();
  for (let index = 0; index < users; index++) {
    const user = await createUser(ctx.current);
    for (const provider of PROVIDERS.slice(0, 1 + (index % 4))) {
      const secret = uniqueSecret();
      const response = await call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, {
        token: user.token,
        body: { key: secret },
      });
      stored.set(response.body.id, { userId: user.id, provider, secret });
    }
  }
  return stored;
}

const allRows = () => ctx.current.database.db.select().from(apiKeys);

describe('rotating API keys from key A to key B', () => {
  it('re-encrypts every row to B, survives an interruption, and leaves every key readable', async () => {
    await ctx.current.database.db.delete(apiKeys);
    const stored = await storeKeys(8); // 1+2+3+4 keys, twice: 20 rows
    expect(stored.size).toBe(20);
    expect((await allRows()).every((row) => row.encryptedKey.startsWith(`v1.${keyIdOf(KEY_A)}.`))).toBe(true);

    const ring = new KeyRing([KEY_B, KEY_A]);
    const progress: number[] = [];
    const interrupted = await rotateApiKeys(ctx.current.database.db, ring, {
      batchSize: 6,
      maxBatches: 1,
      onBatch: ({ rotated }) => {
        progress.push(rotated);
      },
    });
    expect(interrupted).toMatchObject({ rotated: 6, batches: 1, stoppedEarly: true, current: 6, total: 20 });
    expect(progress).toEqual([6]);
    const halfway = await allRows();
    expect(halfway.filter((row) => ring.isCurrent(row.encryptedKey))).toHaveLength(6);

    const resumed = await rotateApiKeys(ctx.current.database.db, ring, { batchSize: 6 });
    expect(resumed).toMatchObject({ rotated: 14, unreadable: [], stoppedEarly: false, current: 20, total: 20 });

    const finalRows = await allRows();
    expect(finalRows.every((row) => row.encryptedKey.startsWith(`v1.${keyIdOf(KEY_B)}.`))).toBe(true);
    // Readable with B alone: key A can now be removed from ENCRYPTION_KEY.
    const onlyB = new KeyRing([KEY_B]);
    for (const [id, expected] of stored) {
      expect(await getActiveProviderKey(ctx.current.database.db, onlyB, expected.userId, expected.provider), id).toBe(
        expected.secret,
      );
    }
    const again = await rotateApiKeys(ctx.current.database.db, ring, { batchSize: 6 });
    expect(again).toMatchObject({ rotated: 0, batches: 0, current: 20 });
  });

  it('reports rows it cannot decrypt by id and leaves them untouched', async () => {
    await ctx.current.database.db.delete(apiKeys);
    const stored = await storeKeys(3);
    const user = await createUser(ctx.current);
    const lost = new KeyRing([randomBytes(32)]);
    const [orphan] = await ctx.current.database.db
      .insert(apiKeys)
      .values({
        userId: user.id,
        provider: 'OPENAI',
        encryptedKey: sealApiKey(lost, { userId: user.id, provider: 'OPENAI' }, uniqueSecret()),
      })
      .returning();
    const [victimId] = [...stored.keys()];
    const [victim] = await ctx.current.database.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, victimId as string));
    const tampered = `${victim?.encryptedKey.slice(0, -1)}${victim?.encryptedKey.endsWith('A') ? 'Q' : 'A'}`;
    await ctx.current.database.db
      .update(apiKeys)
      .set({ encryptedKey: tampered })
      .where(eq(apiKeys.id, victimId as string));

    const report = await rotateApiKeys(ctx.current.database.db, new KeyRing([KEY_B, KEY_A]), { batchSize: 2 });
    expect(report.unreadable.sort()).toEqual([orphan?.id, victimId].sort());
    expect(report).toMatchObject({ rotated: stored.size - 1, current: stored.size - 1, total: stored.size + 1 });
    const after = await allRows();
    expect(after.find((row) => row.id === orphan?.id)?.encryptedKey).toBe(orphan?.encryptedKey);
    expect(after.find((row) => row.id === victimId)?.encryptedKey).toBe(tampered);
  });

  it('never overwrites a key written through the API while a rotation is under way', async () => {
    await ctx.current.database.db.delete(apiKeys);
    const user = await createUser(ctx.current);
    for (const provider of PROVIDERS) {
      await call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, {
        token: user.token,
        body: { key: uniqueSecret() },
      });
    }
    const rows = (await allRows()).sort((left, right) => (left.id < right.id ? -1 : 1));
    const lastRow = rows.at(-1);
    const oldApp = ctx.current.app; // still encrypting with A, as a server not yet redeployed would
    const newApp = appWith(`${toBase64(KEY_B)},${toBase64(KEY_A)}`);
    const fromOldServer = uniqueSecret();
    const fromNewServer = uniqueSecret();
    const ring = new KeyRing([KEY_B, KEY_A]);

    const report = await rotateApiKeys(ctx.current.database.db, ring, {
      batchSize: 1,
      onBatch: async ({ batch }) => {
        if (batch !== 1) return;
        // Between batches, both servers write keys the rotation has not reached yet.
        await call(oldApp, 'PUT', `/v1/api-keys/${lastRow?.provider}`, {
          token: user.token,
          body: { key: fromOldServer },
        });
        await call(newApp, 'PUT', `/v1/api-keys/${rows[1]?.provider}`, {
          token: user.token,
          body: { key: fromNewServer },
        });
      },
    });
    expect(report).toMatchObject({ unreadable: [], current: 4, total: 4 });
    expect(report.rotated).toBe(3); // the row the new server wrote was already under B
    const db = ctx.current.database.db;
    expect(await getActiveProviderKey(db, ring, user.id, lastRow?.provider as Provider)).toBe(fromOldServer);
    expect(await getActiveProviderKey(db, ring, user.id, rows[1]?.provider as Provider)).toBe(fromNewServer);

    const listed = await call(appWith(toBase64(KEY_B)), 'GET', '/v1/api-keys', { token: user.token });
    expect(listed.body.data.map((key: { isReadable: boolean }) => key.isReadable)).toEqual([true, true, true, true]);
  });

  it('loses no update when PUTs race a running rotation', async () => {
    await ctx.current.database.db.delete(apiKeys);
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser(ctx.current)));
    for (const user of users) {
      for (const provider of PROVIDERS) {
        await call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, {
          token: user.token,
          body: { key: uniqueSecret() },
        });
      }
    }
    const ring = new KeyRing([KEY_B, KEY_A]);
    const latest = new Map<string, string>();
    const writes = (async () => {
      for (const user of users) {
        for (const provider of PROVIDERS) {
          const secret = uniqueSecret();
          const response = await call(ctx.current.app, 'PUT', `/v1/api-keys/${provider}`, {
            token: user.token,
            body: { key: secret },
          });
          expect(response.status).toBe(200);
          latest.set(`${user.id}:${provider}`, secret);
        }
      }
    })();
    const [report] = await Promise.all([rotateApiKeys(ctx.current.database.db, ring, { batchSize: 3 }), writes]);
    expect(report.unreadable).toEqual([]);
    for (const user of users) {
      for (const provider of PROVIDERS) {
        const plaintext = await getActiveProviderKey(ctx.current.database.db, ring, user.id, provider);
        expect(plaintext).toBe(latest.get(`${user.id}:${provider}`));
      }
    }
    // Whatever the race left under A, a second run moves it.
    const finish = await rotateApiKeys(ctx.current.database.db, ring, { batchSize: 3 });
    expect(finish).toMatchObject({ current: 40, total: 40 });
  });
});
