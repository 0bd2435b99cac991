import { sha256Hex } from '../../crypto/encoding.ts';
import type { Deps } from '../../deps.ts';
import { ipSubject } from '../../http/client-ip.ts';
import { type RateLimitState, rateLimited, rateLimiterFor } from '../../http/rate-limit.ts';

export interface AttemptSubjects {
  email: string;
  ip: string;
}

// The email is hashed so that cache keys hold no addresses.
const emailKey = async (email: string) => (await sha256Hex(email.toLowerCase())).slice(0, 32);

/**
 * Failed password checks (login, change-password, account deletion) are limited per email and per
 * client IP by LOGIN_RATE_LIMIT. Checked before the password is tried, so an exhausted budget answers
 * 429 without telling whether the guess was right.
 */
export async function assertPasswordAttemptAllowed(deps: Deps, subjects: AttemptSubjects): Promise<RateLimitState[]> {
  const limiter = rateLimiterFor(deps);
  const rule = deps.config.loginRateLimit;
  const states = await Promise.all([
    limiter.peek('login-email', await emailKey(subjects.email), rule),
    limiter.peek('login-ip', ipSubject(subjects.ip), rule),
  ]);
  if (states.some((state) => state.count >= state.limit)) throw rateLimited(...states);
  return states;
}

export async function recordFailedPassword(deps: Deps, subjects: AttemptSubjects): Promise<RateLimitState[]> {
  const limiter = rateLimiterFor(deps);
  const rule = deps.config.loginRateLimit;
  return Promise.all([
    limiter.hit('login-email', await emailKey(subjects.email), rule),
    limiter.hit('login-ip', ipSubject(subjects.ip), rule),
  ]);
}

/** Registrations and resends: every request counts, per client IP, by SIGNUP_RATE_LIMIT. */
export async function countSignupRequest(deps: Deps, ip: string): Promise<RateLimitState> {
  const state = await rateLimiterFor(deps).hit('signup-ip', ipSubject(ip), deps.config.signupRateLimit);
  if (state.count > state.limit) throw rateLimited(state);
  return state;
}
