import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiKeys, users } from '../../drizzle/index.ts';
import { KeyRing, keyIdOf } from '../../src/crypto/aead.ts';
import { randomBytes, toBase64 } from '../../src/crypto/encoding.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { sealApiKey } from '../../src/modules/api-keys/api-keys.vault.ts';
import { createTestDatabase, usesPostgres } from '../helpers/database.ts';
import { uniqueSecret } from './secrets.ts';

const run = promisify(execFile);
const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);

/** The database the script will open: this file's PostgreSQL database, or an embedded PGlite under a DATA_DIR. */
async function scriptDatabase(): Promise<{
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}> {
  if (usesPostgres()) {
    const database = await createTestDatabase();
    return {
      env: { DATABASE_URL: database.url as string },
      // The test keeps its connection; `drop` closes it and removes the database.
      open: async () => ({ ...database, close: async () => {} }),
      drop: () => database.close(),
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'finity-rotate-'));
  return {
    env: { DATA_DIR: dataDir },
    open: () => openPglite(join(dataDir, 'pglite')),
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

describe('npm run keys:rotate', () => {
  it('rotates every readable row to the first key and reports the unreadable one by id', async () => {
    const target = await scriptDatabase();
    try {
      const seeding = await target.open();
      const ringA = new KeyRing([KEY_A]);
      const [user] = await seeding.db
        .insert(users)
        .values({ email: `rotate-${crypto.randomUUID()}@example.test`, passwordHash: 'unusable' })
        .returning();
      const userId = user?.id as string;
      await seeding.db.insert(apiKeys).values(
        (['GEMINI', 'OPENAI', 'ANTHROPIC'] as const).map((provider) => ({
          userId,
          provider,
          encryptedKey: sealApiKey(ringA, { userId, provider }, uniqueSecret()),
        })),
      );
      const lost = new KeyRing([randomBytes(32)]);
      const [orphan] = await seeding.db
        .insert(apiKeys)
        .values({
          userId,
          provider: 'LLAMA',
          encryptedKey: sealApiKey(lost, { userId, provider: 'LLAMA' }, uniqueSecret()),
        })
        .returning();
      await seeding.close();

      const result = await run('npx', ['tsx', 'scripts/rotate-keys.ts'], {
        env: {
          ...process.env,
          ...target.env,
          NODE_ENV: 'test',
          JWT_SECRET: 'x'.repeat(40),
          ENCRYPTION_KEY: `${toBase64(KEY_B)},${toBase64(KEY_A)}`,
          ROTATE_BATCH_SIZE: '2',
        },
        timeout: 120_000,
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      expect(result.code).toBe(2);
      expect(result.stdout).toContain(`Encrypting to key ${keyIdOf(KEY_B)}`);
      expect(result.stdout).toMatch(/batch 1: \d+ rotated/);
      expect(result.stdout).toContain(`3 rotated`);
      expect(result.stdout).toContain(`3 of 4 keys are now under ${keyIdOf(KEY_B)}`);
      expect(result.stdout).toContain(orphan?.id);

      const checking = await target.open();
      const rows = await checking.db.select().from(apiKeys);
      await checking.close();
      expect(rows.filter((row) => row.encryptedKey.startsWith(`v1.${keyIdOf(KEY_B)}.`))).toHaveLength(3);
      expect(rows.find((row) => row.id === orphan?.id)?.encryptedKey).toBe(orphan?.encryptedKey);
    } finally {
      await target.drop();
    }
  }, 180_000);
});
