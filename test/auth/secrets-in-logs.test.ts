import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../drizzle/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createLogMailer, type Email } from '../../src/mailer.ts';
import { createTestContext, TEST_ENV } from '../helpers/context.ts';
import { call, type JsonResponse } from '../helpers/http.ts';
import { uniqueEmail } from './helpers.ts';

describe('a full account flow', () => {
  it('writes no password, hash, token or secret to any log line or response', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    const sent: Email[] = [];
    // The default transport (no EMAIL_WEBHOOK_URL) as configured outside development, plus a copy for the test.
    const logMailer = createLogMailer(logger);
    const ctx = await createTestContext({
      env: { LOGIN_RATE_LIMIT: '2/15m' },
      deps: {
        logger,
        mailer: {
          async send(email) {
            sent.push(email);
            await logMailer.send(email);
          },
        },
      },
    });
    const responses: JsonResponse[] = [];
    const secrets: string[] = [TEST_ENV.JWT_SECRET as string, TEST_ENV.ENCRYPTION_KEY as string];
    const request = async (method: string, path: string, options: Parameters<typeof call>[3] = {}) => {
      const response = await call(ctx.app, method, path, options);
      responses.push(response);
      return response;
    };
    const hashOf = async (id: string) => {
      const [row] = await ctx.database.db.select().from(users).where(eq(users.id, id));
      return [row?.passwordHash, row?.emailToken].filter((value): value is string => Boolean(value));
    };
    try {
      const email = uniqueEmail('flow');
      const password = 'Flow-Password-0001';
      const newPassword = 'Flow-Password-0002';
      secrets.push(password, newPassword);

      const registered = await request('POST', '/v1/auth/register', { body: { email, password } });
      expect(registered.status).toBe(201);
      const id = registered.body.user.id as string;
      secrets.push(...(await hashOf(id)));
      const firstToken = /token=([A-Za-z0-9_-]+)/.exec(sent[0]?.text ?? '')?.[1] as string;
      secrets.push(firstToken);

      expect((await request('POST', '/v1/auth/resend-verification', { body: { email } })).status).toBe(202);
      await expect.poll(() => sent.length).toBe(2);
      secrets.push(...(await hashOf(id)));
      const emailToken = /token=([A-Za-z0-9_-]+)/.exec(sent[1]?.text ?? '')?.[1] as string;
      secrets.push(emailToken);

      expect((await request('GET', `/v1/auth/verify-email?token=${emailToken}`)).status).toBe(200);
      expect((await request('GET', `/v1/auth/verify-email?token=${emailToken}`)).status).toBe(400);
      expect((await request('POST', '/v1/auth/login', { body: { email, password: newPassword } })).status).toBe(401);
      const loggedIn = await request('POST', '/v1/auth/login', { body: { email, password } });
      expect(loggedIn.status).toBe(200);
      const accessToken = loggedIn.body.accessToken as string;
      secrets.push(accessToken);

      expect((await request('GET', '/v1/me', { token: accessToken })).status).toBe(200);
      expect(
        (
          await request('POST', '/v1/auth/change-password', {
            token: accessToken,
            body: { currentPassword: newPassword, newPassword },
          })
        ).status,
      ).toBe(403);
      expect((await request('POST', '/v1/auth/login', { body: { email, password: newPassword } })).status).toBe(429);
      ctx.clock.advance(15 * 60 * 1000);
      expect(
        (
          await request('POST', '/v1/auth/change-password', {
            token: accessToken,
            body: { currentPassword: password, newPassword },
          })
        ).status,
      ).toBe(204);
      secrets.push(...(await hashOf(id)));
      expect((await request('GET', '/v1/me', { token: accessToken })).status).toBe(401);

      const again = await request('POST', '/v1/auth/login', { body: { email, password: newPassword } });
      const secondToken = again.body.accessToken as string;
      secrets.push(secondToken);
      expect((await request('POST', '/v1/auth/logout', { token: secondToken })).status).toBe(204);
      const third = (await request('POST', '/v1/auth/login', { body: { email, password: newPassword } })).body
        .accessToken as string;
      secrets.push(third);
      expect((await request('DELETE', '/v1/me', { token: third, body: { password: newPassword } })).status).toBe(204);

      expect(lines.length).toBeGreaterThan(15);
      expect(lines.some((line) => line.includes('email not delivered'))).toBe(true);
      const everything = [
        ...lines,
        ...responses.map((response) => `${response.text}\n${JSON.stringify([...response.headers.entries()])}`),
      ];
      const leaks: string[] = [];
      for (const secret of new Set(secrets)) {
        expect(secret.length).toBeGreaterThan(8);
        // The token's signature part alone must not appear either.
        const parts = [secret, ...(secret.split('.').length === 3 ? [secret.split('.')[2] as string] : [])];
        for (const part of parts) {
          for (const text of everything)
            if (text.includes(part)) leaks.push(`${part.slice(0, 6)}… in ${text.slice(0, 80)}`);
        }
      }
      // Allowed exactly once: the login response carries its own access token.
      const allowed = responses.filter((r) => r.body?.accessToken).length;
      expect(leaks.filter((leak) => !leak.includes('"accessToken"'))).toEqual([]);
      expect(leaks).toHaveLength(allowed * 2);
    } finally {
      await ctx.close();
    }
  });
});

describe('the log mail transport', () => {
  const email: Email = { to: 'a@example.test', subject: 'Confirm', text: 'link ?token=SECRET-TOKEN', html: 'x' };

  it('writes no body (and so no link) outside development', async () => {
    const lines: string[] = [];
    await createLogMailer(createLogger('debug', (line) => lines.push(line))).send(email);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('SECRET-TOKEN');
    expect(lines[0]).not.toContain('a@example.test');
  });

  it('shows the link in development, marked as development-only', async () => {
    const lines: string[] = [];
    await createLogMailer(
      createLogger('debug', (line) => lines.push(line)),
      { showLinks: true },
    ).send(email);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ devOnly: true, body: email.text });
  });
});
