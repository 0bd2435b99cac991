import type { Cache } from '../../cache/cache.ts';
import type { CacheHealth } from '../../cache/resilient.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { PasswordHasher } from '../../crypto/password.ts';
import type { TokenSigner } from '../../crypto/tokens.ts';
import type { Executor } from '../../db/database.ts';
import { AppError, badRequest, forbidden, serviceUnavailable, unauthorized } from '../../errors.ts';
import { type RateLimiter, type RateLimitState, rateLimitHeaders } from '../../http/rate-limit.ts';
import type { Logger } from '../../logger.ts';
import type { Mailer } from '../../mailer.ts';
import { toUserResponse } from './auth.presenter.ts';
import type { UserResponse } from './auth.schemas.ts';
import { revokedTokenKey } from './authenticator.ts';
import { createEmailToken, hashEmailToken, sendVerificationEmail } from './email-verification.ts';
import { beginPasswordAttempt, countSignupRequest, type PasswordAttempt } from './password-attempts.ts';
import { createUsersRepository, type UserRow } from './users.repository.ts';

export interface Limited<T> {
  result: T;
  /** `RateLimit-*` headers for the answer. */
  headers: Record<string, string>;
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserResponse;
}

export interface AuthServiceDeps {
  db: Executor;
  config: Config;
  clock: Clock;
  cache: Cache & Partial<CacheHealth>;
  mailer: Mailer;
  logger: Logger;
  signer: TokenSigner;
  limiter: RateLimiter;
  passwords: PasswordHasher;
}

const RESEND_COOLDOWN_SECONDS = 60;

/** One answer for an unknown email and a wrong password, so neither status nor body tells them apart. */
const invalidCredentials = (states: RateLimitState[]) =>
  new AppError(401, 'invalid-credentials', 'Unauthorized', 'The email or password is incorrect.', undefined, {
    'WWW-Authenticate': 'Bearer',
    ...rateLimitHeaders(...states),
  });

/** Runs the password check; an attempt that ends without a verdict (a thrown error) is no failure. */
async function releasedOnError<T>(attempt: PasswordAttempt, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await attempt.release();
    throw error;
  }
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: AuthServiceDeps) {
  const { config, clock, cache, limiter, passwords, signer } = deps;
  const users = createUsersRepository(deps.db);
  const mail = { mailer: deps.mailer, logger: deps.logger, appUrl: config.appUrl };
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const passwordAttempt = (email: string, ip: string) =>
    beginPasswordAttempt(limiter, config.loginRateLimit, { email, ip });

  /**
   * Checks the account's password for a sensitive change. Failures count against the login limits, so
   * a stolen token cannot be used to guess the password; a wrong password is 403 (the token is valid).
   */
  async function confirmPassword(userId: string, password: string, ip: string): Promise<UserRow> {
    const user = await users.findById(userId);
    if (!user) throw unauthorized('The access token has been revoked.');
    const attempt = await passwordAttempt(user.email, ip);
    const isValid = await releasedOnError(attempt, () => passwords.verify(password, user.passwordHash));
    if (!isValid) throw forbidden('The password is incorrect.');
    await attempt.release();
    return user;
  }

  return {
    confirmPassword,

    async register(
      input: { email: string; password: string; name?: string },
      ip: string,
    ): Promise<Limited<UserResponse>> {
      const limit = await countSignupRequest(limiter, config.signupRateLimit, ip);
      const passwordHash = await passwords.hash(input.password);
      const emailToken = await createEmailToken(clock.now());
      const user = await users.insert({
        email: input.email,
        passwordHash,
        name: input.name,
        emailToken: emailToken.hash,
        emailTokenExpiresAt: emailToken.expiresAt,
      });
      await sendVerificationEmail(mail, user.email, emailToken.token);
      return { result: toUserResponse(user), headers: rateLimitHeaders(limit) };
    },

    async verifyEmail(token: string): Promise<UserResponse> {
      const user = await users.consumeEmailToken(await hashEmailToken(token), clock.now());
      if (!user) throw badRequest('The verification token is invalid, already used or expired.');
      return toUserResponse(user);
    },

    /**
     * Always "accepted". The email itself goes out through `defer` (after the answer), so the answer's
     * timing does not tell whether the account exists; one email per address per cooldown at most.
     */
    async resendVerification(
      email: string,
      ip: string,
      defer: (work: Promise<void>) => void,
    ): Promise<Limited<undefined>> {
      const limit = await countSignupRequest(limiter, config.signupRateLimit, ip);
      const user = await users.findByEmail(email);
      if (user && !user.emailVerified) {
        if (await cache.setIfAbsent(`auth:resend:v1:${user.id}`, true, RESEND_COOLDOWN_SECONDS)) {
          const emailToken = await createEmailToken(clock.now());
          await users.setEmailToken(user.id, emailToken.hash, emailToken.expiresAt);
          defer(sendVerificationEmail(mail, user.email, emailToken.token));
        }
      }
      return { result: undefined, headers: rateLimitHeaders(limit) };
    },

    /** `signal` aborts when the client goes away or the request times out: a queued hash for it is then skipped. */
    async login(
      input: { email: string; password: string },
      ip: string,
      signal?: AbortSignal,
    ): Promise<Limited<LoginResult>> {
      const attempt = await passwordAttempt(input.email, ip);
      const user = await releasedOnError(attempt, async () => {
        const found = await users.findByEmail(input.email);
        // An unknown email still pays for one full verification, against a hash no password matches.
        const isValid = await passwords.verify(
          input.password,
          found?.passwordHash ?? (await passwords.dummyHash()),
          signal,
        );
        return found && isValid ? found : undefined;
      });
      if (!user) throw invalidCredentials(attempt.states);
      const states = await attempt.release();

      if (passwords.needsRehash(user.passwordHash)) {
        await users.rehashPassword(user.id, user.passwordHash, await passwords.hash(input.password));
      }
      const iat = nowSeconds();
      const expiresIn = config.accessTokenTtlSeconds;
      const accessToken = await signer.sign({
        sub: user.id,
        iat,
        exp: iat + expiresIn,
        jti: crypto.randomUUID(),
        ver: user.tokenVersion,
      });
      return {
        result: { accessToken, tokenType: 'Bearer', expiresIn, user: toUserResponse(user) },
        headers: rateLimitHeaders(...states),
      };
    },

    /**
     * Revokes this token (by its id) until it would have expired anyway. The revocation lives in the
     * cache, whose fallback skips a write it cannot make: then the token is not revoked, and saying 204
     * would be a lie the client cannot detect, so the answer is 503 and the client retries.
     */
    async logout(tokenId: string, expiresAt: number): Promise<void> {
      await cache.set(revokedTokenKey(tokenId), true, Math.max(1, expiresAt - nowSeconds()));
      if (cache.isHealthy?.() === false) throw serviceUnavailable('The token could not be revoked now; retry.');
    },

    async changePassword(
      userId: string,
      input: { currentPassword: string; newPassword: string },
      ip: string,
    ): Promise<void> {
      const user = await confirmPassword(userId, input.currentPassword, ip);
      const passwordHash = await passwords.hash(input.newPassword);
      const isChanged = await users.changePassword(user.id, user.passwordHash, passwordHash);
      // Another change won the race: this request's password check was against a hash that is gone.
      if (!isChanged) throw forbidden('The password is incorrect.');
    },
  };
}
