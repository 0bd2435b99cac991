import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../drizzle/index.ts';
import { fromBase64Url, fromUtf8 } from '../../src/crypto/encoding.ts';
import { hashPassword } from '../../src/crypto/password.ts';
import { createTestContext, useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { RELAXED_LIMITS, register, uniqueEmail } from './helpers.ts';

const ctx = useTestContext({ env: RELAXED_LIMITS });

describe('POST /v1/auth/login', () => {
  it('answers an access token with sub, iat, exp (1 h), a unique jti and the token version', async () => {
    const { id, email, password } = await register(ctx.current, { name: 'Grace' });
    const first = await call(ctx.current.app, 'POST', '/v1/auth/login', {
      body: { email: email.toUpperCase(), password },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { id, email, name: 'Grace' } });
    expect(first.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    const claims = JSON.parse(fromUtf8(fromBase64Url(first.body.accessToken.split('.')[1])));
    const now = Math.floor(ctx.current.clock.now().getTime() / 1000);
    expect(claims).toMatchObject({ sub: id, iat: now, exp: now + 3600, ver: 0 });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);

    const second = await call(ctx.current.app, 'POST', '/v1/auth/login', { body: { email, password } });
    const secondClaims = JSON.parse(fromUtf8(fromBase64Url(second.body.accessToken.split('.')[1])));
    expect(secondClaims.jti).not.toBe(claims.jti);

    const me = await call(ctx.current.app, 'GET', '/v1/me', { token: first.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(id);
  });

  it('gives the same 401 for an unknown email and for a wrong password', async () => {
    const { email } = await register(ctx.current);
    const wrongPassword = await call(ctx.current.app, 'POST', '/v1/auth/login', {
      body: { email, password: 'not the password' },
    });
    const unknownEmail = await call(ctx.current.app, 'POST', '/v1/auth/login', {
      body: { email: uniqueEmail('ghost'), password: 'not the password' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.text).toBe(wrongPassword.text);
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(wrongPassword.text).not.toContain('not the password');
  });

  it('upgrades a hash made with other parameters on the next successful login', async () => {
    const { id, email, password } = await register(ctx.current);
    const weak = await hashPassword(password, { m: 32, t: 1, p: 1 });
    await ctx.current.database.db.update(users).set({ passwordHash: weak }).where(eq(users.id, id));
    const response = await call(ctx.current.app, 'POST', '/v1/auth/login', { body: { email, password } });
    expect(response.status).toBe(200);
    const [row] = await ctx.current.database.db.select().from(users).where(eq(users.id, id));
    expect(row?.passwordHash).not.toBe(weak);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect((await call(ctx.current.app, 'POST', '/v1/auth/login', { body: { email, password } })).status).toBe(200);
  });

  it('an unknown email costs a full password verification, like a known one', async () => {
    // Costly enough that a skipped verification would show; timings are compared as medians.
    const local = await createTestContext({ env: { ...RELAXED_LIMITS, PASSWORD_HASH_PARAMS: 'm=8192,t=2,p=1' } });
    try {
      const { email } = await register(local);
      const timeLogin = async (loginEmail: string) => {
        const startedAt = performance.now();
        const response = await call(local.app, 'POST', '/v1/auth/login', {
          body: { email: loginEmail, password: 'wrong password' },
        });
        expect(response.status).toBe(401);
        return performance.now() - startedAt;
      };
      await timeLogin(uniqueEmail()); // computes the dummy hash once
      const known: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 5; round++) {
        known.push(await timeLogin(email));
        unknown.push(await timeLogin(uniqueEmail('ghost')));
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[2] as number;
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
      expect(median(unknown)).toBeLessThan(median(known) * 2);
    } finally {
      await local.close();
    }
  });

  it('answers 400 for a malformed body', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/auth/login', { body: { email: 'a@b.c' } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['password']);
  });
});
