import type { Logger } from './logger.ts';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The mailer port. `send` rejects when the transport fails; callers decide whether that matters. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/**
 * Development transport: writes the email to the log. The body holds the verification link, which is
 * the point in development; production configures EMAIL_WEBHOOK_URL.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    async send(email) {
      logger.info('email', { to: email.to, subject: email.subject, body: email.text });
    },
  };
}

/** POSTs each email as JSON `{ to, subject, text, html }` to a webhook (a mail relay of the operator's). */
export function createWebhookMailer(url: string, fetchImpl: typeof fetch = fetch): Mailer {
  return {
    async send(email) {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(email),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) throw new Error(`email webhook answered ${response.status}`);
    },
  };
}
