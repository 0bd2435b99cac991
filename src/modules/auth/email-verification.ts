import { randomBytes, sha256Hex, toBase64Url } from '../../crypto/encoding.ts';
import type { Logger } from '../../logger.ts';
import type { Email, Mailer } from '../../mailer.ts';

export const EMAIL_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const TOKEN_BYTES = 32;

export interface EmailToken {
  /** Goes into the email only. */
  token: string;
  /** SHA-256 hex: the only form the database keeps. */
  hash: string;
  expiresAt: Date;
}

export async function createEmailToken(now: Date): Promise<EmailToken> {
  const token = toBase64Url(randomBytes(TOKEN_BYTES));
  return { token, hash: await sha256Hex(token), expiresAt: new Date(now.getTime() + EMAIL_TOKEN_TTL_MS) };
}

export const hashEmailToken = (token: string): Promise<string> => sha256Hex(token);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function verificationEmail(appUrl: string, to: string, token: string): Email {
  const link = `${appUrl}/v1/auth/verify-email?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: 'Confirm your email address',
    text: `Welcome to Finity.\n\nConfirm your email address by opening this link within 24 hours:\n${link}\n\nIf you did not create an account, ignore this email.`,
    html: `<p>Welcome to Finity.</p><p>Confirm your email address by opening this link within 24 hours:</p><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p><p>If you did not create an account, ignore this email.</p>`,
  };
}

/**
 * Sends the verification email. A failing transport never fails the caller: the account exists and
 * the user can ask for a resend. Only the error's name is logged (a transport's message could echo
 * its URL, which may hold a credential).
 */
export async function sendVerificationEmail(
  deps: { mailer: Mailer; logger: Logger; appUrl: string },
  to: string,
  token: string,
): Promise<void> {
  try {
    await deps.mailer.send(verificationEmail(deps.appUrl, to, token));
  } catch (error) {
    deps.logger.warn('verification email not sent', { error: error instanceof Error ? error.name : 'unknown' });
  }
}
