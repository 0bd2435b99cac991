import type { Provider } from '../../../drizzle/enums.ts';
import { DecryptionError, type KeyRing } from '../../crypto/aead.ts';
import { fromUtf8, utf8 } from '../../crypto/encoding.ts';
import { maskSecret } from '../../crypto/mask.ts';
import type { Executor } from '../../db/database.ts';
import { createApiKeysRepository } from './api-keys.repository.ts';

/** What a stored value is bound to: the row's owner and provider. */
export interface ApiKeyBinding {
  userId: string;
  provider: Provider;
}

/**
 * Associated data of every API-key ciphertext. Not stored: recomputed from the row, so a value
 * copied into another user's or provider's row fails authentication.
 */
export const apiKeyAad = ({ userId, provider }: ApiKeyBinding) => utf8(`finity:api-key:v1:${userId}:${provider}`);

export function sealApiKey(keyRing: KeyRing, binding: ApiKeyBinding, plaintext: string): string {
  return keyRing.encrypt(utf8(plaintext), apiKeyAad(binding));
}

/** The display form of a stored key, or null when it no longer decrypts. The plaintext stays here. */
export function maskStoredKey(keyRing: KeyRing, row: ApiKeyBinding & { encryptedKey: string }): string | null {
  try {
    return maskSecret(fromUtf8(keyRing.decrypt(row.encryptedKey, apiKeyAad(row))));
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/** The same secret under the primary key, without ever turning it into a string. Throws `DecryptionError`. */
export function reencryptStoredKey(keyRing: KeyRing, row: ApiKeyBinding & { encryptedKey: string }): string {
  const aad = apiKeyAad(row);
  const plaintext = keyRing.decrypt(row.encryptedKey, aad);
  try {
    return keyRing.encrypt(plaintext, aad);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The plaintext of the user's active key for `provider`, for the code that calls that provider:
 * the only way a plaintext key leaves the vault, and not reachable over HTTP. Undefined when the
 * user has no key for it or has switched it off; throws `DecryptionError` (which names no secret)
 * when the stored value no longer decrypts, so the caller can ask the user to save it again.
 */
export async function getActiveProviderKey(
  db: Executor,
  keyRing: KeyRing,
  userId: string,
  provider: Provider,
): Promise<string | undefined> {
  const row = await createApiKeysRepository(db).find(userId, provider);
  if (!row?.isActive) return undefined;
  return fromUtf8(keyRing.decrypt(row.encryptedKey, apiKeyAad(row)));
}
