import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaughtEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  /** The URL to set as EMAIL_WEBHOOK_URL. */
  url: string;
  emails: CaughtEmail[];
  /**
   * The `index`-th email to `to` (0: the first), waiting for it up to `timeoutMs`: the app may send
   * after answering (Workers: in `waitUntil`).
   */
  next(to: string, timeoutMs?: number, index?: number): Promise<CaughtEmail>;
  close(): Promise<void>;
}

/**
 * A webhook receiver standing in for the operator's mail relay (EMAIL_WEBHOOK_URL): the database
 * keeps only a hash of the verification token, so the email is the only place a test can read it.
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const emails: CaughtEmail[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        emails.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as CaughtEmail);
        response.writeHead(204).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/emails`,
    emails,
    async next(to, timeoutMs = 10_000, index = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const email = emails.filter((candidate) => candidate.to.toLowerCase() === to.toLowerCase())[index];
        if (email) return email;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The token of the verification link `${APP_URL}/v1/auth/verify-email?token=<token>`. */
export function verificationToken(email: CaughtEmail): string {
  const match = /verify-email\?token=([A-Za-z0-9_\-.~%]+)/.exec(email.text);
  if (!match?.[1]) throw new Error('the email holds no verification link');
  return decodeURIComponent(match[1]);
}
