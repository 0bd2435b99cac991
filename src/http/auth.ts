import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { findTokenVersion } from '../modules/auth/token-version.repository.ts';
import type { AppEnv } from './env.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export const revokedTokenKey = (tokenId: string) => `auth:revoked:v1:${tokenId}`;

/**
 * Sets `userId` from a valid bearer token, else answers 401 with `WWW-Authenticate: Bearer`.
 * A token is dead when its signature or expiry fails, when logout revoked its `jti` (cache), or
 * when the user's token version moved on (password change) or the user is gone (database), so
 * revocation on password change holds even with an empty cache.
 */
export const requireAuth =
  (deps: Deps): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) throw unauthorized();
    const claims = await deps.signer.verify(match[1], Math.floor(deps.clock.now().getTime() / 1000));
    if (!claims) throw unauthorized('The access token is invalid or expired.');
    const [isRevoked, tokenVersion] = await Promise.all([
      deps.cache.get<boolean>(revokedTokenKey(claims.jti)),
      findTokenVersion(deps.database.db, claims.sub),
    ]);
    if (isRevoked || tokenVersion !== claims.ver) throw unauthorized('The access token has been revoked.');
    c.set('userId', claims.sub);
    c.set('tokenId', claims.jti);
    c.set('tokenExpiresAt', claims.exp);
    await next();
  };
