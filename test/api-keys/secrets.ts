import { randomBytes, toBase64, toBase64Url, toHex, utf8 } from '../../src/crypto/encoding.ts';

/** A provider-looking key that is unique per call, so a search for it cannot match by chance. */
export function uniqueSecret(prefix = 'sk-test-'): string {
  return `${prefix}${toBase64Url(randomBytes(24))}`;
}

/** The forms in which a leaked secret would show up: plain, base64, base64url, hex, and its body without the prefix. */
export function forms(secret: string): string[] {
  const bytes = utf8(secret);
  return [secret, secret.slice(8), toBase64(bytes), toBase64Url(bytes), toHex(bytes)];
}
