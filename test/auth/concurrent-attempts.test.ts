import { describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { login, register } from './helpers.ts';

// A check-then-count limit let every concurrent guess through: each saw the count before the others.
const LIMITS = { LOGIN_RATE_LIMIT: '3/15m', SIGNUP_RATE_LIMIT: '100/1h', TRUST_PROXY: 'true' };

async function withContext(run: (ctx: TestContext) => Promise<void>) {
  const ctx = await createTestContext({ env: LIMITS });
  try {
    await run(ctx);
  } finally {
    await ctx.close();
  }
}

function statusCounts(responses: { status: number }[]) {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('password attempts sent concurrently (LOGIN_RATE_LIMIT=3/15m)', () => {
  it('try at most the limit of 30 concurrent wrong logins for one email; the rest are 429', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          call(ctx.app, 'POST', '/v1/auth/login', {
            body: { email, password: 'wrong password' },
            headers: { 'x-forwarded-for': `192.0.2.${index + 1}` },
          }),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 401: 3, 429: 27 });
      // Three failures used the budget: the right password waits for the window too.
      const right = await call(ctx.app, 'POST', '/v1/auth/login', {
        body: { email, password },
        headers: { 'x-forwarded-for': '192.0.2.200' },
      });
      expect(right.status).toBe(429);
    }));

  it('try at most the limit of concurrent wrong passwords on DELETE /v1/me, and delete nothing', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      const token = await login(ctx, email, password);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          call(ctx.app, 'DELETE', '/v1/me', {
            token,
            body: { password: `guess ${index}` },
            headers: { 'x-forwarded-for': `198.51.100.${index + 1}` },
          }),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 403: 3, 429: 17 });
      expect((await call(ctx.app, 'GET', '/v1/me', { token })).status).toBe(200);
    }));

  it('still do not count right passwords, sent concurrently', () =>
    withContext(async (ctx) => {
      const { email, password } = await register(ctx);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          call(ctx.app, 'POST', '/v1/auth/login', {
            body: { email, password },
            headers: { 'x-forwarded-for': '203.0.113.9' },
          }),
        ),
      );
      // Concurrent right passwords may briefly hold the budget; afterwards none of them counts.
      expect(responses.every((response) => response.status === 200 || response.status === 429)).toBe(true);
      const after = await call(ctx.app, 'POST', '/v1/auth/login', {
        body: { email, password: 'wrong password' },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(after.status).toBe(401);
      expect(after.headers.get('ratelimit-remaining')).toBe('2');
    }));
});
