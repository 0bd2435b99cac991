import type { Cache } from '../../cache/cache.ts';
import type { Clock } from '../../clock.ts';
import type { TokenSigner } from '../../crypto/tokens.ts';
import type { Executor } from '../../db/database.ts';
import { unauthorized } from '../../errors.ts';
import type { Authenticator } from '../../http/auth.ts';
import { createUsersRepository } from './users.repository.ts';

export const revokedTokenKey = (tokenId: string) => `auth:revoked:v1:${tokenId}`;

/**
 * A token is dead when its signature or expiry fails, when logout revoked its `jti` (cache), or
 * when the user's token version moved on (password change) or the user is gone (database), so
 * revocation on password change holds even with an empty cache.
 */
export function createAuthenticator(deps: {
  db: Executor;
  signer: TokenSigner;
  cache: Cache;
  clock: Clock;
}): Authenticator {
  const users = createUsersRepository(deps.db);
  return {
    async authenticate(token) {
      const claims = await deps.signer.verify(token, Math.floor(deps.clock.now().getTime() / 1000));
      if (!claims) throw unauthorized('The access token is invalid or expired.');
      const [isRevoked, tokenVersion] = await Promise.all([
        deps.cache.get<boolean>(revokedTokenKey(claims.jti)),
        users.tokenVersion(claims.sub),
      ]);
      if (isRevoked || tokenVersion !== claims.ver) throw unauthorized('The access token has been revoked.');
      return { userId: claims.sub, tokenId: claims.jti, tokenExpiresAt: claims.exp };
    },
  };
}
