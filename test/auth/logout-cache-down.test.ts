import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/cache.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { login, RELAXED_LIMITS, register } from './helpers.ts';

/** A cache that can be switched off, as a Redis outage would (every call rejects). */
function switchableCache() {
  const memory = createMemoryCache();
  const state = { isDown: false };
  const guard =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.isDown ? Promise.reject(new Error('down')) : run(...args);
  const cache: Cache = {
    kind: 'redis',
    get: guard((key) => memory.get(key)),
    set: guard((key, value, ttl) => memory.set(key, value, ttl)),
    getRaw: guard((keys) => memory.getRaw(keys)),
    setRaw: guard((key, value, ttl) => memory.setRaw(key, value, ttl)),
    setIfAbsent: guard((key, value, ttl) => memory.setIfAbsent(key, value, ttl)),
    delete: guard((...keys) => memory.delete(...keys)),
    increment: guard((key, window) => memory.increment(key, window)),
    ping: guard(() => memory.ping()),
    close: async () => {},
  };
  return { cache: withFallback(cache, createLogger('silent')), state };
}

describe('POST /v1/auth/logout while the cache is down', () => {
  // The revocation lives in the cache: a write the fallback skipped used to answer 204 and revoke nothing.
  it('answers 503 with Retry-After instead of a 204 that revoked nothing, and works once the cache is back', async () => {
    const { cache, state } = switchableCache();
    const ctx = await createTestContext({ env: RELAXED_LIMITS, deps: { cache } });
    try {
      const { email, password } = await register(ctx);
      const token = await login(ctx, email, password);

      state.isDown = true;
      const refused = await call(ctx.app, 'POST', '/v1/auth/logout', { token });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

      state.isDown = false;
      expect((await call(ctx.app, 'POST', '/v1/auth/logout', { token })).status).toBe(204);
      expect((await call(ctx.app, 'GET', '/v1/me', { token })).status).toBe(401);
    } finally {
      await ctx.close();
    }
  });
});
