import { expect } from 'vitest';
import type { Client } from './http.ts';
import { type MailCatcher, verificationToken } from './mail-catcher.ts';

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

export const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@edge.example.test`;

/**
 * A documentation-range (2001:db8::/32) address of this run's own: rate-limit counters live in the
 * real Redis for their whole window, so runs and files must never share an address.
 */
export const uniqueIp = () => {
  const [a, b, c] = crypto.getRandomValues(new Uint16Array(3));
  return `2001:db8:${a?.toString(16)}:${b?.toString(16)}::${c?.toString(16)}`;
};

/** register → the emailed link's token → verify → login, each step asserted. */
export async function signUp(call: Client, mail: MailCatcher, label: string): Promise<Account> {
  const email = uniqueEmail(label);
  const password = 'correct horse battery staple';
  const registered = await call('POST', '/v1/auth/register', { body: { email, password, name: label } });
  expect(registered.status, registered.text).toBe(201);
  expect(registered.body.user).toMatchObject({ email, emailVerified: false });

  const token = verificationToken(await mail.next(email));
  const verified = await call('POST', '/v1/auth/verify-email', { body: { token } });
  expect(verified.status, verified.text).toBe(200);
  expect(verified.body.user.emailVerified).toBe(true);

  const login = await call('POST', '/v1/auth/login', { body: { email, password } });
  expect(login.status, login.text).toBe(200);
  expect(login.body).toMatchObject({ tokenType: 'Bearer', user: { email } });
  return { id: registered.body.user.id, email, password, token: login.body.accessToken };
}
