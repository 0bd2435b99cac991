import { describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/cache.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { register, uniqueEmail } from './helpers.ts';

const LIMITS = { LOGIN_RATE_LIMIT: '3/15m', SIGNUP_RATE_LIMIT: '2/1h', TRUST_PROXY: 'true' };

async function withContext(
  run: (ctx: TestContext) => Promise<void>,
  options: Parameters<typeof createTestContext>[0] = {},
) {
  const ctx = await createTestContext({ env: LIMITS, ...options });
  try {
    await run(ctx);
  } finally {
    await ctx.close();
  }
}

const loginFrom = (ctx: TestContext, ip: string, email: string, password: string) =>
  call(ctx.app, 'POST', '/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

const registerFrom = (ctx: TestContext, ip: string, email = uniqueEmail()) =>
  call(ctx.app, 'POST', '/v1/auth/register', {
    body: { email, password: 'correct horse battery' },
    headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` },
  });

function expectRateLimited(response: Awaited<ReturnType<typeof call>>, limit: string) {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit-limit')).toBe(limit);
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
}

describe('failed-login limits (LOGIN_RATE_LIMIT=3/15m)', () => {
  it('counts failures per email, then answers 429 even for the right password, until the window ends', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      const remaining: (string | null)[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await loginFrom(ctx, `192.0.2.${attempt + 1}`, email, 'wrong password');
        expect(response.status).toBe(401);
        remaining.push(response.headers.get('ratelimit-remaining'));
      }
      expect(remaining).toEqual(['2', '1', '0']);
      expectRateLimited(await loginFrom(ctx, '192.0.2.99', email, password), '3');
      expectRateLimited(await loginFrom(ctx, '192.0.2.99', email.toUpperCase(), 'wrong password'), '3');

      ctx.clock.advance(15 * 60 * 1000);
      const later = await loginFrom(ctx, '192.0.2.99', email, password);
      expect(later.status).toBe(200);
      expect(later.headers.get('ratelimit-remaining')).toBe('3');
    }));

  it('counts failures per client IP across emails', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      for (let attempt = 0; attempt < 3; attempt++) {
        expect((await loginFrom(ctx, '198.51.100.7', uniqueEmail('ghost'), 'guess')).status).toBe(401);
      }
      expectRateLimited(await loginFrom(ctx, '198.51.100.7', email, password), '3');
      expect((await loginFrom(ctx, '198.51.100.8', email, password)).status).toBe(200);
    }));

  it('does not count successful logins', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await loginFrom(ctx, '203.0.113.1', email, password)).status).toBe(200);
      }
    }));

  it('keeps limiting per process when the cache is down', async () => {
    const broken: Cache = {
      kind: 'redis',
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      getRaw: () => Promise.reject(new Error('down')),
      setRaw: () => Promise.reject(new Error('down')),
      setIfAbsent: () => Promise.reject(new Error('down')),
      delete: () => Promise.reject(new Error('down')),
      increment: () => Promise.reject(new Error('down')),
      ping: () => Promise.reject(new Error('down')),
      close: async () => {},
    };
    await withContext(
      async (ctx) => {
        const { email } = await register(ctx);
        for (let attempt = 0; attempt < 3; attempt++) {
          expect((await loginFrom(ctx, '192.0.2.50', email, 'wrong password')).status).toBe(401);
        }
        expectRateLimited(await loginFrom(ctx, '192.0.2.50', email, 'wrong password'), '3');
      },
      { deps: { cache: withFallback(broken, createLogger('silent')) } },
    );
  });
});

describe('registration and resend limits (SIGNUP_RATE_LIMIT=2/1h per client IP)', () => {
  it('answers 429 with its headers past the limit, per IP', () =>
    withContext(async (ctx) => {
      expect((await registerFrom(ctx, '192.0.2.10')).headers.get('ratelimit-remaining')).toBe('1');
      expect((await registerFrom(ctx, '192.0.2.10')).status).toBe(201);
      const email = uniqueEmail();
      expectRateLimited(await registerFrom(ctx, '192.0.2.10', email), '2');
      expect((await registerFrom(ctx, '192.0.2.11', email)).status).toBe(201);
      const resend = await call(ctx.app, 'POST', '/v1/auth/resend-verification', {
        body: { email },
        headers: { 'x-forwarded-for': '192.0.2.10' },
      });
      expectRateLimited(resend, '2');
    }));

  it('counts a whole IPv6 /64 as one client', () =>
    withContext(async (ctx) => {
      expect((await registerFrom(ctx, '2001:db8:1:2::a')).status).toBe(201);
      expect((await registerFrom(ctx, '2001:db8:1:2:ffff::b')).status).toBe(201);
      expectRateLimited(await registerFrom(ctx, '2001:db8:1:2::c'), '2');
      expect((await registerFrom(ctx, '2001:db8:1:3::a')).status).toBe(201);
    }));

  it('ignores X-Forwarded-For unless TRUST_PROXY is true', () =>
    withContext(
      async (ctx) => {
        expect((await registerFrom(ctx, '192.0.2.20')).status).toBe(201);
        expect((await registerFrom(ctx, '192.0.2.21')).status).toBe(201);
        expectRateLimited(await registerFrom(ctx, '192.0.2.22'), '2');
      },
      { env: { ...LIMITS, TRUST_PROXY: 'false' } },
    ));

  it('keys on the socket address given by the runtime', () => {
    let address = '192.0.2.30';
    return withContext(
      async (ctx) => {
        expect((await registerFrom(ctx, '1.1.1.1')).status).toBe(201);
        expect((await registerFrom(ctx, '1.1.1.2')).status).toBe(201);
        expectRateLimited(await registerFrom(ctx, '1.1.1.3'), '2');
        address = '192.0.2.31';
        expect((await registerFrom(ctx, '1.1.1.3')).status).toBe(201);
      },
      { env: { ...LIMITS, TRUST_PROXY: 'false' }, deps: { clientAddress: () => address } },
    );
  });
});
