import type { Provider } from '../../../drizzle/enums.ts';
import type { Clock } from '../../clock.ts';
import type { KeyRing } from '../../crypto/aead.ts';
import { maskSecret } from '../../crypto/mask.ts';
import type { Executor } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { type ApiKeyRow, createApiKeysRepository } from './api-keys.repository.ts';
import type { PutApiKeyBody } from './api-keys.schemas.ts';
import { maskStoredKey, sealApiKey } from './api-keys.vault.ts';

export interface ApiKeysServiceDeps {
  db: Executor;
  clock: Clock;
  logger: Logger;
  keyRing: KeyRing;
}

/** A stored key as the owner may see it: the row, and its masked form (null when it no longer decrypts). */
export interface StoredApiKey {
  row: ApiKeyRow;
  maskedKey: string | null;
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;

export function createApiKeysService({ db, clock, logger, keyRing }: ApiKeysServiceDeps) {
  const repository = createApiKeysRepository(db);

  // An unreadable row is listed with a flag rather than failing the request; the log names the row only.
  const masked = (row: ApiKeyRow): StoredApiKey => {
    const maskedKey = maskStoredKey(keyRing, row);
    if (maskedKey === null) logger.warn('stored api key does not decrypt', { rowId: row.id, provider: row.provider });
    return { row, maskedKey };
  };

  return {
    async list(userId: string): Promise<StoredApiKey[]> {
      return (await repository.list(userId)).map(masked);
    },

    /** One key per provider: creates it or replaces it whole (`isActive` defaults to true). */
    async put(userId: string, provider: Provider, body: PutApiKeyBody) {
      const encryptedKey = sealApiKey(keyRing, { userId, provider }, body.key);
      const { row, inserted } = await repository.upsert(
        userId,
        provider,
        encryptedKey,
        body.isActive ?? true,
        clock.now(),
      );
      return { apiKey: { row, maskedKey: maskSecret(body.key) }, created: inserted };
    },

    async setActive(userId: string, provider: Provider, isActive: boolean): Promise<StoredApiKey> {
      const row = await repository.setActive(userId, provider, isActive, clock.now());
      if (!row) throw notFound('API key for that provider');
      return masked(row);
    },

    async remove(userId: string, provider: Provider): Promise<void> {
      if (!(await repository.delete(userId, provider))) throw notFound('API key for that provider');
    },
  };
}
