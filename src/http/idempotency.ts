import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../crypto/encoding.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict, unprocessable } from '../errors.ts';
import type { AppEnv } from './env.ts';

const TTL_SECONDS = 24 * 60 * 60;
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

type IdempotencyRecord =
  | { state: 'running'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; body: string; headers: Record<string, string> };

/**
 * `Idempotency-Key` on creates (needs `requireAuth` first: keys are per user). The first request
 * takes the key with an atomic set-if-absent; a retry with the same key and body replays the stored
 * answer, another body is 422, and a retry while the first still runs is 409. Only 2xx answers are
 * kept: after a failure the key is released so the client can try again.
 */
export const idempotent =
  (deps: Deps): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw new AppError(400, 'validation-failed', 'Validation failed', 'Idempotency-Key is not valid.', [
        { path: 'Idempotency-Key', message: 'Expected 1..255 printable ASCII characters without spaces.' },
      ]);
    }
    const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
    const cacheKey = `idempotency:v1:${c.get('userId')}:${await sha256Hex(key)}`;

    const claimed = await deps.cache.setIfAbsent(cacheKey, { state: 'running', fingerprint }, TTL_SECONDS);
    if (!claimed) {
      const existing = await deps.cache.get<IdempotencyRecord>(cacheKey);
      if (existing && existing.fingerprint !== fingerprint) {
        throw unprocessable('This Idempotency-Key was used with a different request.');
      }
      if (!existing || existing.state === 'running') {
        throw conflict('A request with this Idempotency-Key is still being processed.');
      }
      const headers = new Headers(existing.headers);
      headers.set('Idempotent-Replayed', 'true');
      return new Response(existing.body, { status: existing.status, headers });
    }

    await next();

    if (c.res.status >= 200 && c.res.status < 300) {
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = c.res.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const record: IdempotencyRecord = {
        state: 'done',
        fingerprint,
        status: c.res.status,
        body: await c.res.clone().text(),
        headers,
      };
      await deps.cache.set(cacheKey, record, TTL_SECONDS);
    } else {
      await deps.cache.delete(cacheKey);
    }
  };
