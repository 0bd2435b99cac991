import { expect } from 'vitest';
import type { TestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

/** Limits high enough that a file registering many users never trips them (rate-limit tests set their own). */
export const RELAXED_LIMITS = { SIGNUP_RATE_LIMIT: '10000/1h', LOGIN_RATE_LIMIT: '10000/15m' };

let sequence = 0;
export const uniqueEmail = (label = 'user') => `${label}${++sequence}-${crypto.randomUUID().slice(0, 8)}@example.test`;

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
}

export async function register(ctx: TestContext, overrides: { email?: string; password?: string; name?: string } = {}) {
  const body = { email: uniqueEmail(), password: 'correct horse battery', ...overrides };
  const response = await call(ctx.app, 'POST', '/v1/auth/register', { body });
  expect(response.status, response.text).toBe(201);
  return { id: response.body.user.id as string, email: response.body.user.email as string, password: body.password };
}

export async function login(ctx: TestContext, email: string, password: string): Promise<string> {
  const response = await call(ctx.app, 'POST', '/v1/auth/login', { body: { email, password } });
  expect(response.status, response.text).toBe(200);
  return response.body.accessToken as string;
}

/** The token in the last verification email sent to `email`. */
export function emailedToken(ctx: TestContext, email: string): string {
  const sent = ctx.outbox.filter((message) => message.to === email).at(-1);
  const token = sent && /[?&]token=([A-Za-z0-9_-]+)/.exec(sent.text)?.[1];
  if (!token) throw new Error(`no verification email for ${email}`);
  return token;
}
