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

export interface LogMailerOptions {
  /** Write the body (with its one-time link) to the log: development only, never test or production. */
  showLinks?: boolean;
}

/**
 * Transport used when EMAIL_WEBHOOK_URL is unset. Emails carry one-time verification links, and no
 * log line may hold a token: so only in development (where the log is the developer's own terminal
 * and the link is the point) is the body written, flagged `devOnly`. Elsewhere the line says an email
 * was not delivered and omits the body; production should configure EMAIL_WEBHOOK_URL.
 */
export function createLogMailer(logger: Logger, options: LogMailerOptions = {}): Mailer {
  return {
    async send(email) {
      if (options.showLinks) {
        logger.info('email (development only: holds a one-time link)', {
          devOnly: true,
          to: email.to,
          subject: email.subject,
          body: email.text,
        });
        return;
      }
      logger.warn('email not delivered: EMAIL_WEBHOOK_URL is not set', { subject: email.subject });
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
