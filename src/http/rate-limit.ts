import type { Cache } from '../cache/cache.ts';
import type { Clock } from '../clock.ts';
import type { RateLimitRule } from '../config.ts';
import { tooManyRequests } from '../errors.ts';

export interface RateLimitState {
  limit: number;
  /** Hits counted in the current window. */
  count: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit against `subject` and returns the state after it. */
  hit(name: string, subject: string, rule: RateLimitRule): Promise<RateLimitState>;
  /** The state without counting (for limits on failures, checked before the attempt). */
  peek(name: string, subject: string, rule: RateLimitRule): Promise<RateLimitState>;
}

const MIRROR_ENTRIES = 10_000;

/**
 * Fixed-window counters through the cache port, so they hold across processes with Redis. Windows are
 * aligned to the clock, so a key names its window and the reset time needs no extra round trip.
 *
 * The cache's `increment` falls back to process memory when Redis is down, but its `get` answers a
 * miss; so the counts this process saw are mirrored here and `peek` takes the larger of the two:
 * a cache outage gives a per-process limit, never none.
 */
export function createRateLimiter(cache: Cache, clock: Clock): RateLimiter {
  const mirror = new Map<string, { count: number; expiresAt: number }>();

  const windowOf = (rule: RateLimitRule) => {
    const nowMs = clock.now().getTime();
    const index = Math.floor(nowMs / (rule.windowSeconds * 1000));
    const endsAt = (index + 1) * rule.windowSeconds * 1000;
    return { index, nowMs, endsAt, resetSeconds: Math.max(1, Math.ceil((endsAt - nowMs) / 1000)) };
  };

  const state = (rule: RateLimitRule, count: number, resetSeconds: number): RateLimitState => ({
    limit: rule.limit,
    count,
    remaining: Math.max(0, rule.limit - count),
    resetSeconds,
  });

  const remember = (key: string, count: number, expiresAt: number) => {
    const previous = mirror.get(key)?.count ?? 0;
    mirror.delete(key);
    mirror.set(key, { count: Math.max(previous, count), expiresAt });
    while (mirror.size > MIRROR_ENTRIES) {
      const oldest = mirror.keys().next().value;
      if (oldest === undefined) break;
      mirror.delete(oldest);
    }
  };

  return {
    async hit(name, subject, rule) {
      const window = windowOf(rule);
      const key = `ratelimit:v1:${name}:${window.index}:${subject}`;
      const { count } = await cache.increment(key, rule.windowSeconds);
      remember(key, count, window.endsAt);
      return state(rule, count, window.resetSeconds);
    },
    async peek(name, subject, rule) {
      const window = windowOf(rule);
      const key = `ratelimit:v1:${name}:${window.index}:${subject}`;
      const shared = Number((await cache.get<number>(key)) ?? 0);
      const local = mirror.get(key);
      const seen = local && local.expiresAt > window.nowMs ? local.count : 0;
      return state(rule, Math.max(Number.isFinite(shared) ? shared : 0, seen), window.resetSeconds);
    },
  };
}

/** The `RateLimit-*` headers (IETF draft; reset in delta seconds) for the tightest of the states. */
export function rateLimitHeaders(...states: RateLimitState[]): Record<string, string> {
  const tightest = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  return {
    'RateLimit-Limit': String(tightest.limit),
    'RateLimit-Remaining': String(tightest.remaining),
    'RateLimit-Reset': String(tightest.resetSeconds),
  };
}

/** 429 with `Retry-After` and the `RateLimit-*` headers of the exhausted limit. */
export function rateLimited(...states: RateLimitState[]) {
  const exhausted = states.filter((s) => s.remaining === 0);
  const waits = exhausted.length > 0 ? exhausted : states;
  const retryAfter = Math.max(...waits.map((s) => s.resetSeconds));
  return tooManyRequests(retryAfter, rateLimitHeaders(...states));
}
