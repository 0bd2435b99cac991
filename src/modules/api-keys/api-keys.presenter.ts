import type { ApiKeyResponse } from './api-keys.schemas.ts';
import type { StoredApiKey } from './api-keys.service.ts';

/** The response picks its fields: `encryptedKey` and `userId` are never published. */
export function toApiKeyResponse({ row, maskedKey }: StoredApiKey): ApiKeyResponse {
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
