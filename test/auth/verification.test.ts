import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../drizzle/index.ts';
import { createTestContext, useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { emailedToken, RELAXED_LIMITS, register, uniqueEmail } from './helpers.ts';

const ctx = useTestContext({ env: RELAXED_LIMITS });

const rowOf = async (id: string) => {
  const [row] = await ctx.current.database.db.select().from(users).where(eq(users.id, id));
  return row;
};

describe('email verification', () => {
  it('POST verifies once and clears the stored token; a second use is 400', async () => {
    const { id, email } = await register(ctx.current);
    const token = emailedToken(ctx.current, email);
    const first = await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token } });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ id, email, emailVerified: true });
    const row = await rowOf(id);
    expect(row).toMatchObject({ emailVerified: true, emailToken: null, emailTokenExpiresAt: null });
    const second = await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token } });
    expect(second.status).toBe(400);
    expect(second.text).not.toContain(token);
  });

  it('the emailed link (GET) verifies too', async () => {
    const { id, email } = await register(ctx.current);
    const link = ctx.current.outbox
      .filter((sent) => sent.to === email)
      .at(-1)
      ?.text.match(/http\S+/)?.[0];
    expect(link).toBeDefined();
    const response = await call(
      ctx.current.app,
      'GET',
      new URL(link as string).pathname + new URL(link as string).search,
    );
    expect(response.status).toBe(200);
    expect(response.body.user.emailVerified).toBe(true);
    expect((await rowOf(id))?.emailVerified).toBe(true);
    const again = await call(ctx.current.app, 'GET', new URL(link as string).pathname + new URL(link as string).search);
    expect(again.status).toBe(400);
  });

  it('a token is dead after 24 h', async () => {
    const local = await createTestContext({ env: RELAXED_LIMITS });
    try {
      const { id, email } = await register(local);
      const token = emailedToken(local, email);
      local.clock.advance(24 * 3600 * 1000);
      const response = await call(local.app, 'POST', '/v1/auth/verify-email', { body: { token } });
      expect(response.status).toBe(400);
      const [row] = await local.database.db.select().from(users).where(eq(users.id, id));
      expect(row?.emailVerified).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('a token just under 24 h old still works', async () => {
    const local = await createTestContext({ env: RELAXED_LIMITS });
    try {
      const { email } = await register(local);
      local.clock.advance(24 * 3600 * 1000 - 1000);
      const response = await call(local.app, 'POST', '/v1/auth/verify-email', {
        body: { token: emailedToken(local, email) },
      });
      expect(response.status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('answers 400 for a wrong token, and for a missing one', async () => {
    const wrong = await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token: 'A'.repeat(43) } });
    expect(wrong.status).toBe(400);
    const missing = await call(ctx.current.app, 'GET', '/v1/auth/verify-email');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('token');
  });
});

describe('POST /v1/auth/resend-verification', () => {
  it('answers 202 with no body for an unknown email, and sends nothing', async () => {
    const before = ctx.current.outbox.length;
    const response = await call(ctx.current.app, 'POST', '/v1/auth/resend-verification', {
      body: { email: uniqueEmail('nobody') },
    });
    expect(response.status).toBe(202);
    expect(response.text).toBe('');
    expect(response.headers.get('ratelimit-limit')).toBe('10000');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.current.outbox.length).toBe(before);
  });

  it('sends a new token that replaces the old one, at most once per minute', async () => {
    const { email } = await register(ctx.current);
    const oldToken = emailedToken(ctx.current, email);
    const sentTo = () => ctx.current.outbox.filter((sent) => sent.to === email).length;
    const response = await call(ctx.current.app, 'POST', '/v1/auth/resend-verification', {
      body: { email: email.toUpperCase() },
    });
    expect(response.status).toBe(202);
    await expect.poll(sentTo).toBe(2);
    const newToken = emailedToken(ctx.current, email);
    expect(newToken).not.toBe(oldToken);

    const again = await call(ctx.current.app, 'POST', '/v1/auth/resend-verification', { body: { email } });
    expect(again.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sentTo()).toBe(2);

    const stale = await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token: oldToken } });
    expect(stale.status).toBe(400);
    const fresh = await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token: newToken } });
    expect(fresh.status).toBe(200);
  });

  it('sends nothing for an account that is already verified', async () => {
    const { email } = await register(ctx.current);
    await call(ctx.current.app, 'POST', '/v1/auth/verify-email', { body: { token: emailedToken(ctx.current, email) } });
    const response = await call(ctx.current.app, 'POST', '/v1/auth/resend-verification', { body: { email } });
    expect(response.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.current.outbox.filter((sent) => sent.to === email)).toHaveLength(1);
  });
});
