import type { RateLimitRule } from '../../config.ts';
import { sha256Hex } from '../../crypto/encoding.ts';
import { ipSubject } from '../../http/client-ip.ts';
import { type RateLimiter, type RateLimitState, rateLimited } from '../../http/rate-limit.ts';

export interface AttemptSubjects {
  email: string;
  ip: string;
}

// The email is hashed so that cache keys hold no addresses.
const emailKey = async (email: string) => (await sha256Hex(email.toLowerCase())).slice(0, 32);

const withCount = (state: RateLimitState, count: number): RateLimitState => ({
  ...state,
  count,
  remaining: Math.max(0, state.limit - count),
});

export interface PasswordAttempt {
  /** The limits with this attempt counted as a failure: the headers of a wrong password. */
  states: RateLimitState[];
  /** Takes the attempt back (right password, or no verdict): only failures count. The states after. */
  release(): Promise<RateLimitState[]>;
}

/**
 * Failed password checks (login, change-password, account deletion) are limited per email and per
 * client IP by LOGIN_RATE_LIMIT. Each attempt is counted as a failure before the password is tried,
 * with an atomic increment, and released when it turns out right: a check-then-count would let any
 * number of concurrent guesses through, each seeing the count before the others. Released attempts
 * are counted on their own key (the cache port has no decrement): failures = attempts − releases.
 * An exhausted budget answers 429 without telling whether the guess was right.
 */
export async function beginPasswordAttempt(
  limiter: RateLimiter,
  rule: RateLimitRule,
  subjects: AttemptSubjects,
): Promise<PasswordAttempt> {
  const keys = [
    ['login-email', await emailKey(subjects.email)],
    ['login-ip', ipSubject(subjects.ip)],
  ] as const;
  const counted = await Promise.all(keys.map(([name, subject]) => limiter.hit(name, subject, rule)));
  const released = await Promise.all(keys.map(([name, subject]) => limiter.peek(`${name}-released`, subject, rule)));
  const states = counted.map((state, index) => withCount(state, state.count - (released[index]?.count ?? 0)));
  const release = async () => {
    await Promise.all(keys.map(([name, subject]) => limiter.hit(`${name}-released`, subject, rule)));
    return states.map((state) => withCount(state, state.count - 1));
  };
  if (states.some((state) => state.count > state.limit)) {
    // Refused attempts are no failures: released, so a flood of them does not extend the block.
    await release();
    throw rateLimited(...states);
  }
  return { states, release };
}

/** Registrations and resends: every request counts, per client IP, by SIGNUP_RATE_LIMIT. */
export async function countSignupRequest(
  limiter: RateLimiter,
  rule: RateLimitRule,
  ip: string,
): Promise<RateLimitState> {
  const state = await limiter.hit('signup-ip', ipSubject(ip), rule);
  if (state.count > state.limit) throw rateLimited(state);
  return state;
}
