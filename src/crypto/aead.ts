import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64Url, randomBytes, toBase64Url, toHex, utf8 } from './encoding.ts';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const KEY_ID_BYTES = 8;

// v1.<key id: 16 hex>.<nonce: 12 bytes = 16 base64url chars>.<ciphertext || tag, base64url>
const STORED = /^v1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

export type DecryptionFailure = 'malformed' | 'unknown-key' | 'authentication';

/**
 * A stored value that cannot be opened. The message names only the reason, never the value, the
 * key or any plaintext, so it is safe to log.
 */
export class DecryptionError extends Error {
  constructor(readonly reason: DecryptionFailure) {
    super(`The stored value cannot be decrypted (${reason}).`);
    this.name = 'DecryptionError';
  }
}

/** A short public id of a key: the first 8 bytes of a domain-separated SHA-256, as hex. */
export function keyIdOf(key: Uint8Array): string {
  const digest = sha256(new Uint8Array([...utf8('finity:encryption-key-id:v1:'), ...key]));
  return toHex(digest.subarray(0, KEY_ID_BYTES));
}

/** AES-256-GCM encryption: returns ciphertext followed by the 16-byte tag. */
export function sealAesGcm(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
  if (nonce.length !== NONCE_BYTES) throw new Error('AES-256-GCM here uses a 12-byte nonce');
  return gcm(key, nonce, aad).encrypt(plaintext);
}

/** AES-256-GCM decryption; any mismatch of key, nonce, data or tag throws `DecryptionError`. */
export function openAesGcm(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  if (key.length !== KEY_BYTES || nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) {
    throw new DecryptionError('malformed');
  }
  try {
    return gcm(key, nonce, aad).decrypt(sealed);
  } catch {
    throw new DecryptionError('authentication');
  }
}

/** Base64url that decodes to bytes which encode back to exactly the same text (no slack in the last char). */
function decodeCanonical(text: string): Uint8Array | undefined {
  try {
    const bytes = fromBase64Url(text);
    return toBase64Url(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

interface ParsedValue {
  keyId: string;
  nonce: Uint8Array;
  sealed: Uint8Array;
}

function parseStored(stored: string): ParsedValue | undefined {
  const match = STORED.exec(stored);
  if (!match) return undefined;
  const [, keyId, nonceText, sealedText] = match as unknown as [string, string, string, string];
  const nonce = decodeCanonical(nonceText);
  const sealed = decodeCanonical(sealedText);
  if (!nonce || nonce.length !== NONCE_BYTES || !sealed || sealed.length < TAG_BYTES) return undefined;
  return { keyId, nonce, sealed };
}

export interface KeyRingOptions {
  /** Nonce source; only known-answer tests replace it. Default: 12 fresh random bytes per call. */
  nonce?: () => Uint8Array;
}

/**
 * The encryption keys: the first encrypts, every key decrypts. Each stored value is
 * self-describing (`v1.<keyId>.<nonce>.<ciphertext+tag>`), so values under several keys can be
 * live at once and a rotation can find the ones still under an older key.
 * Build it once per process (or isolate), not per request.
 */
export class KeyRing {
  readonly primaryKeyId: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;
  readonly #nonce: () => Uint8Array;

  constructor(keys: readonly Uint8Array[], options: KeyRingOptions = {}) {
    if (keys.length === 0) throw new Error('a key ring needs at least one key');
    const byId = new Map<string, Uint8Array>();
    for (const key of keys) {
      if (key.length !== KEY_BYTES) throw new Error('every encryption key must be 32 bytes');
      // Copied so that a caller wiping or reusing its buffer cannot change the ring.
      byId.set(keyIdOf(key), Uint8Array.from(key));
    }
    this.#keys = byId;
    this.primaryKeyId = keyIdOf(keys[0] as Uint8Array);
    this.#nonce = options.nonce ?? (() => randomBytes(NONCE_BYTES));
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts under the primary key, binding the result to `aad` (which is not stored). */
  encrypt(plaintext: Uint8Array, aad: Uint8Array): string {
    const key = this.#keys.get(this.primaryKeyId) as Uint8Array;
    const nonce = this.#nonce();
    const sealed = sealAesGcm(key, nonce, plaintext, aad);
    return `${FORMAT_VERSION}.${this.primaryKeyId}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
  }

  /** Decrypts a value from `encrypt`; the same `aad` must be given. Throws `DecryptionError`. */
  decrypt(stored: string, aad: Uint8Array): Uint8Array {
    const parsed = parseStored(stored);
    if (!parsed) throw new DecryptionError('malformed');
    const key = this.#keys.get(parsed.keyId);
    if (!key) throw new DecryptionError('unknown-key');
    return openAesGcm(key, parsed.nonce, parsed.sealed, aad);
  }

  /** The id of the key a stored value names, without decrypting it; undefined when malformed. */
  keyIdOfValue(stored: string): string | undefined {
    return parseStored(stored)?.keyId;
  }

  /** True when the value is already under the primary key (nothing to rotate). */
  isCurrent(stored: string): boolean {
    return this.keyIdOfValue(stored) === this.primaryKeyId;
  }

  /** The prefix every value under the primary key starts with, for finding the others in SQL. */
  get currentPrefix(): string {
    return `${FORMAT_VERSION}.${this.primaryKeyId}.`;
  }
}
