import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding.ts';

/** The claims of an access token. `ver` is the user's token version: a password change moves it on. */
export interface AccessClaims {
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  ver: number;
}

const HEADER = toBase64Url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

/**
 * HS256 access tokens over Web Crypto (Node, Workers, Bun, Deno). The HMAC key is imported once per
 * signer. Only our exact header is accepted, so `alg: none` or an RS/HS confusion cannot get through,
 * and the signature is checked by `crypto.subtle.verify`, which compares in constant time.
 */
export class TokenSigner {
  readonly #key: Promise<CryptoKey>;
  /**
   * Tokens whose signature was already checked, with their claims: a client sends the same token on
   * every request, and a Web Crypto HMAC costs far more than a map lookup (docs/performance.md).
   * Only genuine tokens get in, and expiry is checked on every
   * use; revocation is not this class's concern (requireAuth checks it on every request).
   */
  readonly #verified = new Map<string, AccessClaims>();

  constructor(secret: string) {
    this.#key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  async sign(claims: AccessClaims): Promise<string> {
    const payload = toBase64Url(utf8(JSON.stringify(claims)));
    const signature = await crypto.subtle.sign('HMAC', await this.#key, utf8(`${HEADER}.${payload}`));
    return `${HEADER}.${payload}.${toBase64Url(new Uint8Array(signature))}`;
  }

  /** The claims of a genuine, unexpired token; undefined for anything else. */
  async verify(token: string, nowSeconds: number): Promise<AccessClaims | undefined> {
    const known = this.#verified.get(token);
    if (known) return known.exp > nowSeconds ? known : undefined;
    const claims = await this.#verifySignature(token);
    if (!claims || claims.exp <= nowSeconds) return undefined;
    if (this.#verified.size >= MAX_VERIFIED_TOKENS) {
      // The oldest entry goes (a Map iterates in insertion order).
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
    this.#verified.set(token, claims);
    return claims;
  }

  async #verifySignature(token: string): Promise<AccessClaims | undefined> {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    if (header !== HEADER) return undefined;
    let claims: unknown;
    try {
      const isGenuine = await crypto.subtle.verify(
        'HMAC',
        await this.#key,
        fromBase64Url(signature),
        utf8(`${header}.${payload}`),
      );
      if (!isGenuine) return undefined;
      claims = JSON.parse(fromUtf8(fromBase64Url(payload)));
    } catch {
      return undefined;
    }
    return isAccessClaims(claims) ? claims : undefined;
  }
}

const MAX_VERIFIED_TOKENS = 10_000;

function isAccessClaims(value: unknown): value is AccessClaims {
  if (typeof value !== 'object' || value === null) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.jti === 'string' &&
    Number.isInteger(claims.iat) &&
    Number.isInteger(claims.exp) &&
    Number.isInteger(claims.ver)
  );
}
