import type { MiddlewareHandler } from 'hono';
import type { Cache } from '../cache/cache.ts';
import { sha256Hex } from '../crypto/encoding.ts';
import { AppError, conflict, unprocessable } from '../errors.ts';

const TTL_SECONDS = 24 * 60 * 60;
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

type IdempotencyRecord =
  | { state: 'running'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; body: string; headers: Record<string, string> };

type IdempotencyEnv = { Variables: { userId: string; services: { cache: Cache } } };

/**
 * `Idempotency-Key` on creates (after `requireAuth`: keys are per user). `defineRoute` adds it to every
 * route that declares the header. The first request takes the key with an atomic set-if-absent; a retry with the same key and body replays the stored
 * answer, another body is 422, and a retry while the first still runs is 409. Only 2xx answers are
 * kept: after a failure the key is released so the client can try again.
 */
export const idempotent: MiddlewareHandler<IdempotencyEnv> = async (c, next) => {
  const { cache } = c.var.services;
  const key = c.req.header('idempotency-key');
  if (key === undefined) return next();
  if (!KEY.test(key)) {
    throw new AppError(400, 'validation-failed', 'Validation failed', 'Idempotency-Key is not valid.', [
      { path: 'Idempotency-Key', message: 'Expected 1..255 printable ASCII characters without spaces.' },
    ]);
  }
  const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
  const cacheKey = `idempotency:v1:${c.get('userId')}:${await sha256Hex(key)}`;

  const claimed = await cache.setIfAbsent(cacheKey, { state: 'running', fingerprint }, TTL_SECONDS);
  if (!claimed) {
    const existing = await cache.get<IdempotencyRecord>(cacheKey);
    if (existing && existing.fingerprint !== fingerprint) {
      throw unprocessable('This Idempotency-Key was used with a different request.');
    }
    if (!existing || existing.state === 'running') {
      throw conflict('A request with this Idempotency-Key is still being processed.');
    }
    return c.body(existing.body, existing.status as 201, { ...existing.headers, 'Idempotent-Replayed': 'true' });
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
    await cache.set(cacheKey, record, TTL_SECONDS);
  } else {
    await cache.delete(cacheKey);
  }
};
