import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../crypto/password.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badRequest, forbidden, serviceUnavailable, unauthorized } from '../../errors.ts';
import { revokedTokenKey } from '../../http/auth.ts';
import { type RateLimitState, rateLimitHeaders } from '../../http/rate-limit.ts';
import { toUserResponse, type UserResponse } from './auth.schemas.ts';
import { createEmailToken, hashEmailToken, sendVerificationEmail } from './email-verification.ts';
import { beginPasswordAttempt, countSignupRequest, type PasswordAttempt } from './password-attempts.ts';
import { createUsersRepository } from './users.repository.ts';

export interface Limited<T> {
  result: T;
  /** `RateLimit-*` headers for the answer. */
  headers: Record<string, string>;
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

const nowSeconds = (deps: Deps) => Math.floor(deps.clock.now().getTime() / 1000);

export async function registerUser(
  deps: Deps,
  input: { email: string; password: string; name?: string },
  ip: string,
): Promise<Limited<UserResponse>> {
  const limit = await countSignupRequest(deps, ip);
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashParams);
  const emailToken = await createEmailToken(deps.clock.now());
  const user = await createUsersRepository(deps.database.db).insert({
    email: input.email,
    passwordHash,
    name: input.name,
    emailToken: emailToken.hash,
    emailTokenExpiresAt: emailToken.expiresAt,
  });
  await sendVerificationEmail(deps, user.email, emailToken.token);
  return { result: toUserResponse(user), headers: rateLimitHeaders(limit) };
}

export async function verifyEmail(deps: Deps, token: string): Promise<UserResponse> {
  const user = await createUsersRepository(deps.database.db).consumeEmailToken(
    await hashEmailToken(token),
    deps.clock.now(),
  );
  if (!user) throw badRequest('The verification token is invalid, already used or expired.');
  return toUserResponse(user);
}

/**
 * Always "accepted". The email itself goes out through `defer` (after the answer), so the answer's
 * timing does not tell whether the account exists; one email per address per cooldown at most.
 */
export async function resendVerification(
  deps: Deps,
  email: string,
  ip: string,
  defer: (work: Promise<void>) => void,
): Promise<Limited<undefined>> {
  const limit = await countSignupRequest(deps, ip);
  const users = createUsersRepository(deps.database.db);
  const user = await users.findByEmail(email);
  if (user && !user.emailVerified) {
    const cooldownKey = `auth:resend:v1:${user.id}`;
    if (await deps.cache.setIfAbsent(cooldownKey, true, RESEND_COOLDOWN_SECONDS)) {
      const emailToken = await createEmailToken(deps.clock.now());
      await users.setEmailToken(user.id, emailToken.hash, emailToken.expiresAt);
      defer(sendVerificationEmail(deps, user.email, emailToken.token));
    }
  }
  return { result: undefined, headers: rateLimitHeaders(limit) };
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserResponse;
}

export async function login(
  deps: Deps,
  input: { email: string; password: string },
  ip: string,
  signal?: AbortSignal,
): Promise<Limited<LoginResult>> {
  const attempt = await beginPasswordAttempt(deps, { email: input.email, ip });
  const params = deps.config.passwordHashParams;
  const users = createUsersRepository(deps.database.db);
  const user = await releasedOnError(attempt, async () => {
    const found = await users.findByEmail(input.email);
    // An unknown email still pays for one full verification, against a hash no password matches.
    const isValid = await verifyPassword(
      input.password,
      found?.passwordHash ?? (await dummyPasswordHash(params)),
      signal,
    );
    return found && isValid ? found : undefined;
  });
  if (!user) throw invalidCredentials(attempt.states);
  const states = await attempt.release();

  if (needsRehash(user.passwordHash, params)) {
    await users.rehashPassword(user.id, user.passwordHash, await hashPassword(input.password, params));
  }
  const iat = nowSeconds(deps);
  const expiresIn = deps.config.accessTokenTtlSeconds;
  const accessToken = await deps.signer.sign({
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
}

/**
 * Revokes this token (by its id) until it would have expired anyway. The revocation lives in the
 * cache, whose fallback skips a write it cannot make: then the token is not revoked, and saying 204
 * would be a lie the client cannot detect, so the answer is 503 and the client retries.
 */
export async function logout(deps: Deps, tokenId: string, expiresAt: number): Promise<void> {
  await deps.cache.set(revokedTokenKey(tokenId), true, Math.max(1, expiresAt - nowSeconds(deps)));
  if (deps.cache.isHealthy?.() === false) throw serviceUnavailable('The token could not be revoked now; retry.');
}

/**
 * Checks the account's password for a sensitive change. Failures count against the login limits, so
 * a stolen token cannot be used to guess the password; a wrong password is 403 (the token is valid).
 */
export async function confirmPassword(deps: Deps, userId: string, password: string, ip: string) {
  const user = await createUsersRepository(deps.database.db).findById(userId);
  if (!user) throw unauthorized('The access token has been revoked.');
  const attempt = await beginPasswordAttempt(deps, { email: user.email, ip });
  const isValid = await releasedOnError(attempt, () => verifyPassword(password, user.passwordHash));
  if (!isValid) throw forbidden('The password is incorrect.');
  await attempt.release();
  return user;
}

export async function changePassword(
  deps: Deps,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ip: string,
): Promise<void> {
  const user = await confirmPassword(deps, userId, input.currentPassword, ip);
  const passwordHash = await hashPassword(input.newPassword, deps.config.passwordHashParams);
  const isChanged = await createUsersRepository(deps.database.db).changePassword(
    user.id,
    user.passwordHash,
    passwordHash,
  );
  // Another change won the race: this request's password check was against a hash that is gone.
  if (!isChanged) throw forbidden('The password is incorrect.');
}
