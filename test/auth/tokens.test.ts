import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { toBase64Url, utf8 } from '../../src/crypto/encoding.ts';
import { TokenSigner } from '../../src/crypto/tokens.ts';
import { appFor, useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';
import { login, RELAXED_LIMITS, register } from './helpers.ts';

const ctx = useTestContext({ env: RELAXED_LIMITS });

function expectUnauthorized(response: Awaited<ReturnType<typeof call>>) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

describe('POST /v1/auth/logout', () => {
  it('revokes that token only', async () => {
    const { email, password } = await register(ctx.current);
    const token = await login(ctx.current, email, password);
    const other = await login(ctx.current, email, password);
    const response = await call(ctx.current.app, 'POST', '/v1/auth/logout', { token });
    expect(response.status).toBe(204);
    expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token }));
    expectUnauthorized(await call(ctx.current.app, 'POST', '/v1/auth/logout', { token }));
    expect((await call(ctx.current.app, 'GET', '/v1/me', { token: other })).status).toBe(200);
  });

  it('needs a token', async () => {
    expectUnauthorized(await call(ctx.current.app, 'POST', '/v1/auth/logout'));
  });
});

describe('POST /v1/auth/change-password', () => {
  it('answers 403 for a wrong current password and changes nothing', async () => {
    const { email, password } = await register(ctx.current);
    const token = await login(ctx.current, email, password);
    const response = await call(ctx.current.app, 'POST', '/v1/auth/change-password', {
      token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new password' },
    });
    expect(response.status).toBe(403);
    expect((await call(ctx.current.app, 'GET', '/v1/me', { token })).status).toBe(200);
    await login(ctx.current, email, password);
  });

  it('rejects every token issued before it, even with an empty cache', async () => {
    const { email, password } = await register(ctx.current);
    const token = await login(ctx.current, email, password);
    const older = await login(ctx.current, email, password);
    const response = await call(ctx.current.app, 'POST', '/v1/auth/change-password', {
      token,
      body: { currentPassword: password, newPassword: 'a brand new password' },
    });
    expect(response.status).toBe(204);
    for (const dead of [token, older])
      expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token: dead }));

    // The same database behind a cold cache (a restart, an evicted or flushed Redis): still revoked.
    const coldApp = appFor({ ...ctx.current.deps, cache: createMemoryCache() });
    for (const dead of [token, older]) expectUnauthorized(await call(coldApp, 'GET', '/v1/me', { token: dead }));

    const oldLogin = await call(ctx.current.app, 'POST', '/v1/auth/login', { body: { email, password } });
    expect(oldLogin.status).toBe(401);
    const fresh = await login(ctx.current, email, 'a brand new password');
    expect((await call(coldApp, 'GET', '/v1/me', { token: fresh })).status).toBe(200);
  });

  it('validates the new password', async () => {
    const { email, password } = await register(ctx.current);
    const token = await login(ctx.current, email, password);
    const response = await call(ctx.current.app, 'POST', '/v1/auth/change-password', {
      token,
      body: { currentPassword: password, newPassword: 'short' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('newPassword');
  });
});

describe('tokens that are not genuine and current', () => {
  const encode = (value: unknown) => toBase64Url(utf8(JSON.stringify(value)));

  async function claimsFor() {
    const { id, email, password } = await register(ctx.current);
    const token = await login(ctx.current, email, password);
    const now = Math.floor(ctx.current.clock.now().getTime() / 1000);
    return { id, token, claims: { sub: id, iat: now, exp: now + 3600, jti: crypto.randomUUID(), ver: 0 } };
  }

  it('rejects an expired token', async () => {
    const { claims } = await claimsFor();
    const expired = await ctx.current.deps.signer.sign({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 1 });
    expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token: expired }));
  });

  it('rejects a token once the clock passes its expiry', async () => {
    const { token } = await claimsFor();
    expect((await call(ctx.current.app, 'GET', '/v1/me', { token })).status).toBe(200);
    ctx.current.clock.advance(3600 * 1000);
    try {
      expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token }));
    } finally {
      ctx.current.clock.advance(-3600 * 1000);
    }
  });

  it('rejects a tampered payload', async () => {
    const { token } = await claimsFor();
    const [header, , signature] = token.split('.');
    const other = await register(ctx.current);
    const forged = `${header}.${encode({ sub: other.id, iat: 0, exp: 4102444800, jti: 'x', ver: 0 })}.${signature}`;
    expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token: forged }));
  });

  it('rejects a token signed with another secret', async () => {
    const { claims } = await claimsFor();
    const foreign = await new TokenSigner('another-secret-that-is-32-bytes-or-more!').sign(claims);
    expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token: foreign }));
  });

  it('rejects alg: none', async () => {
    const { claims } = await claimsFor();
    for (const unsigned of [
      `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`,
      `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.AAAA`,
    ]) {
      expectUnauthorized(await call(ctx.current.app, 'GET', '/v1/me', { token: unsigned }));
    }
  });

  it('rejects malformed headers', async () => {
    const { token } = await claimsFor();
    for (const authorization of ['', token, `Basic ${token}`, 'Bearer', 'Bearer a.b', `Bearer ${token} x`]) {
      expectUnauthorized(
        await call(ctx.current.app, 'GET', '/v1/me', { headers: authorization ? { authorization } : {} }),
      );
    }
  });
});
