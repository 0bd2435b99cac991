import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../drizzle/index.ts';
import { sha256Hex } from '../../src/crypto/encoding.ts';
import { createTestContext, useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { emailedToken, RELAXED_LIMITS, register, uniqueEmail } from './helpers.ts';

const ctx = useTestContext({ env: RELAXED_LIMITS });

describe('POST /v1/auth/register', () => {
  it('creates an unverified account and answers only its public fields', async () => {
    const email = uniqueEmail('Ada');
    const response = await call(ctx.current.app, 'POST', '/v1/auth/register', {
      body: { email: `  ${email}  `, password: 'correct horse battery', name: 'Ada' },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body)).toEqual(['user']);
    expect(Object.keys(response.body.user).sort()).toEqual(
      ['createdAt', 'email', 'emailVerified', 'id', 'name', 'updatedAt'].sort(),
    );
    expect(response.body.user).toMatchObject({ email: email.toLowerCase(), name: 'Ada', emailVerified: false });
    expect(response.headers.get('ratelimit-limit')).toBe('10000');
    expect(response.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.text).not.toContain('argon2');
  });

  it('stores an argon2id hash of the password, never the password', async () => {
    const { id } = await register(ctx.current, { password: 'a secret of mine' });
    const [row] = await ctx.current.database.db.select().from(users).where(eq(users.id, id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(row?.passwordHash).not.toContain('a secret of mine');
  });

  it('emails a link with a 32-byte token whose SHA-256 alone is stored, expiring in 24 h', async () => {
    const { id, email } = await register(ctx.current);
    const message = ctx.current.outbox.filter((sent) => sent.to === email).at(-1);
    const token = emailedToken(ctx.current, email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    const link = `http://finity.test/v1/auth/verify-email?token=${token}`;
    expect(message?.text).toContain(link);
    expect(message?.html).toContain(`href="${link}"`);
    const [row] = await ctx.current.database.db.select().from(users).where(eq(users.id, id));
    expect(row?.emailToken).toBe(await sha256Hex(token));
    expect(row?.emailToken).not.toContain(token);
    expect(row?.emailTokenExpiresAt?.getTime()).toBe(ctx.current.clock.now().getTime() + 24 * 3600 * 1000);
  });

  it('answers 409 for a taken email, in any letter case', async () => {
    const email = uniqueEmail('taken');
    await register(ctx.current, { email });
    for (const variant of [email, email.toUpperCase(), email.replace(/^t/, 'T')]) {
      const response = await call(ctx.current.app, 'POST', '/v1/auth/register', {
        body: { email: variant, password: 'another password' },
      });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const rows = await ctx.current.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
  });

  it('answers 400 naming each bad field', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/auth/register', {
      body: { email: 'not-an-email', password: 'short', role: 'admin' },
    });
    expect(response.status).toBe(400);
    const paths = response.body.errors.map((error: { path: string }) => error.path).sort();
    expect(paths).toEqual(['email', 'password', 'role']);
    expect(response.text).not.toContain('short');
  });

  it('rejects passwords over 128 characters', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/auth/register', {
      body: { email: uniqueEmail(), password: 'x'.repeat(129) },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('password');
  });
});

describe('a failing mail transport', () => {
  it('does not fail the registration, and a resend delivers once it works again', async () => {
    let isDown = true;
    const delivered: string[] = [];
    const local = await createTestContext({
      env: RELAXED_LIMITS,
      deps: {
        mailer: {
          async send(email) {
            if (isDown) throw new Error('webhook answered 502');
            delivered.push(email.text);
          },
        },
      },
    });
    try {
      const email = uniqueEmail();
      const response = await call(local.app, 'POST', '/v1/auth/register', {
        body: { email, password: 'correct horse battery' },
      });
      expect(response.status).toBe(201);
      expect(local.logLines.some((line) => line.includes('verification email not sent'))).toBe(true);
      isDown = false;
      const resend = await call(local.app, 'POST', '/v1/auth/resend-verification', { body: { email } });
      expect(resend.status).toBe(202);
      await expect.poll(() => delivered.length).toBe(1);
      expect(delivered[0]).toContain('/v1/auth/verify-email?token=');
    } finally {
      await local.close();
    }
  });
});
