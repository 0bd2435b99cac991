import type { Provider } from '../../../drizzle/enums.ts';
import type { KeyRing } from '../../crypto/aead.ts';
import { maskSecret } from '../../crypto/mask.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { type ApiKeyRow, createApiKeysRepository } from './api-keys.repository.ts';
import type { ApiKeyResponse, PutApiKeyBody } from './api-keys.schemas.ts';
import { keyRingFor, maskStoredKey, sealApiKey } from './api-keys.vault.ts';

/** The response picks its fields: `encryptedKey` and `userId` are never published. */
export function toApiKeyResponse(row: ApiKeyRow, maskedKey: string | null): ApiKeyResponse {
  return {
    id: row.id,
    provider: row.provider,
    isActive: row.isActive,
    isReadable: maskedKey !== null,
    maskedKey,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function createApiKeysService(deps: Deps) {
  const keyRing: KeyRing = keyRingFor(deps.config);
  const repository = () => createApiKeysRepository(deps.database.db);

  // An unreadable row is listed with a flag rather than failing the request; the log names the row only.
  const present = (row: ApiKeyRow): ApiKeyResponse => {
    const masked = maskStoredKey(keyRing, row);
    if (masked === null) deps.logger.warn('stored api key does not decrypt', { rowId: row.id, provider: row.provider });
    return toApiKeyResponse(row, masked);
  };

  return {
    async list(userId: string): Promise<ApiKeyResponse[]> {
      return (await repository().list(userId)).map(present);
    },

    /** One key per provider: creates it or replaces it whole (`isActive` defaults to true). */
    async put(userId: string, provider: Provider, body: PutApiKeyBody) {
      const encryptedKey = sealApiKey(keyRing, { userId, provider }, body.key);
      const { row, inserted } = await repository().upsert(
        userId,
        provider,
        encryptedKey,
        body.isActive ?? true,
        deps.clock.now(),
      );
      return { apiKey: toApiKeyResponse(row, maskSecret(body.key)), created: inserted };
    },

    async setActive(userId: string, provider: Provider, isActive: boolean): Promise<ApiKeyResponse> {
      const row = await repository().setActive(userId, provider, isActive, deps.clock.now());
      if (!row) throw notFound('API key for that provider');
      return present(row);
    },

    async remove(userId: string, provider: Provider): Promise<void> {
      if (!(await repository().delete(userId, provider))) throw notFound('API key for that provider');
    },
  };
}
