import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, signUp, uniqueEmail, uniqueIp } from './support/accounts.ts';
import { type Client, createClient } from './support/http.ts';
import { verificationToken } from './support/mail-catcher.ts';
import { type EdgeStack, startEdgeStack } from './support/worker.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const LOGIN_LIMIT = 3;

describe.skipIf(!enabled)('the Worker in workerd: accounts', () => {
  let stack: EdgeStack;
  let call: Client;
  let alice: Account;

  beforeAll(async () => {
    stack = await startEdgeStack({ LOGIN_RATE_LIMIT: `${LOGIN_LIMIT}/1m` });
    call = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('registers, verifies through the emailed link and logs in', async () => {
    alice = await signUp(call, stack.mail, 'alice');
    const [row] = await stack.database.sql`
      select email_verified, email_token, password_hash from users where id = ${alice.id}`;
    expect(row?.email_verified).toBe(true);
    // Only hashes are stored: neither the password nor a usable token is in the row.
    expect(row?.password_hash).not.toContain(alice.password);
    expect(row?.password_hash).toMatch(/^\$/);
  });

  it('refuses a second registration of the same email, case-insensitively', async () => {
    const again = await call('POST', '/v1/auth/register', {
      body: { email: alice.email.toUpperCase(), password: 'another password' },
    });
    expect(again.status).toBe(409);
  });

  it('resends the verification email after answering, and the emailed GET link verifies', async () => {
    const other = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    const email = uniqueEmail('carol');
    const registered = await other('POST', '/v1/auth/register', { body: { email, password: 'carol password 1' } });
    expect(registered.status).toBe(201);
    await stack.mail.next(email);

    const resent = await other('POST', '/v1/auth/resend-verification', { body: { email } });
    expect(resent.status).toBe(202);
    // Sent in waitUntil after the 202: the Worker must keep the request alive for it.
    const link = verificationToken(await stack.mail.next(email, 10_000, 1));
    const verified = await other('GET', `/v1/auth/verify-email?token=${encodeURIComponent(link)}`);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body.user).toMatchObject({ email, emailVerified: true });
    expect(
      (await other('POST', '/v1/auth/resend-verification', { body: { email: uniqueEmail('nobody') } })).status,
    ).toBe(202);
  });

  it('reads and renames the account', async () => {
    const me = await call('GET', '/v1/me', { token: alice.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: alice.id, email: alice.email, emailVerified: true });
    expect(JSON.stringify(me.body)).not.toMatch(/hash|password/i);

    const renamed = await call('PATCH', '/v1/me', { token: alice.token, body: { name: 'Alice Edge' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Alice Edge');
  });

  it('creates settings with defaults on first read and updates them', async () => {
    const first = await call('GET', '/v1/settings', { token: alice.token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ defaultProvider: 'GEMINI', focusKeyphrase: null, preferences: {} });

    const patched = await call('PATCH', '/v1/settings', {
      token: alice.token,
      body: { defaultProvider: 'ANTHROPIC', preferences: { tone: 'plain' } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ defaultProvider: 'ANTHROPIC', preferences: { tone: 'plain' } });
  });

  it('rejects a token after logout', async () => {
    const second = await call('POST', '/v1/auth/login', { body: { email: alice.email, password: alice.password } });
    expect(second.status).toBe(200);
    const token = second.body.accessToken as string;

    expect((await call('POST', '/v1/auth/logout', { token })).status).toBe(204);
    const after = await call('GET', '/v1/me', { token });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // The revocation is per token: the first session still works.
    expect((await call('GET', '/v1/me', { token: alice.token })).status).toBe(200);
  });

  it('limits failed logins with 429 and the rate-limit headers', async () => {
    const body = { email: alice.email, password: 'wrong password' };
    for (let attempt = 0; attempt < LOGIN_LIMIT; attempt++) {
      expect((await call('POST', '/v1/auth/login', { body })).status).toBe(401);
    }
    const limited = await call('POST', '/v1/auth/login', { body });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-limit')).toBe(String(LOGIN_LIMIT));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('revokes every older token on a password change, then deletes the account and what it owns', async () => {
    // Another address: the failed logins above used up this run's first one.
    const call = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    const bob = await signUp(call, stack.mail, 'bob');
    const article = await call('POST', '/v1/articles', { token: bob.token, body: { title: 'Bob', content: 'x' } });
    expect(article.status).toBe(201);

    const newPassword = 'another correct horse staple';
    const changed = await call('POST', '/v1/auth/change-password', {
      token: bob.token,
      body: { currentPassword: bob.password, newPassword },
    });
    expect(changed.status, changed.text).toBe(204);
    expect((await call('GET', '/v1/me', { token: bob.token })).status).toBe(401);

    const login = await call('POST', '/v1/auth/login', { body: { email: bob.email, password: newPassword } });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    expect((await call('DELETE', '/v1/me', { token, body: { password: 'wrong password' } })).status).toBe(403);
    expect((await call('DELETE', '/v1/me', { token, body: { password: newPassword } })).status).toBe(204);
    const rows = await stack.database.sql`select
      (select count(*)::int from users where id = ${bob.id}) as users,
      (select count(*)::int from articles where user_id = ${bob.id}) as articles`;
    expect(rows[0]).toEqual({ users: 0, articles: 0 });
  });

  it('hashes more passwords at once than the per-isolate limit, the rest waiting their turn', async () => {
    const other = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    const emails = Array.from({ length: 6 }, () => uniqueEmail('burst'));
    const answers = await Promise.all(
      emails.map((email) => other('POST', '/v1/auth/register', { body: { email, password: 'burst password 1' } })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const other = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    const unknown = await other('POST', '/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'whatever password' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBeDefined();
  });
});
