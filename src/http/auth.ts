import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../errors.ts';
import type { Principal } from './env.ts';

/** Checks a bearer token; throws a 401 `AppError` for a token that is not (or no longer) valid. */
export interface Authenticator {
  authenticate(token: string): Promise<Principal>;
}

type AuthEnv = { Variables: Principal & { services: { authenticator: Authenticator } } };

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Sets the principal from a valid bearer token, else answers 401 with `WWW-Authenticate: Bearer`.
 * Never mounted by hand: `defineRoute` adds it to every route whose declared security asks for a
 * token, so the document and the behaviour cannot drift apart.
 */
export const requireAuth: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw unauthorized();
  const principal = await c.var.services.authenticator.authenticate(match[1]);
  c.set('userId', principal.userId);
  c.set('tokenId', principal.tokenId);
  c.set('tokenExpiresAt', principal.tokenExpiresAt);
  await next();
};
