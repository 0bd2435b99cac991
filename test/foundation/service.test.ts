import { describe, expect, it } from 'vitest';
import { withFallback } from '../../src/cache/resilient.ts';
import { createUpstashCache } from '../../src/cache/upstash.ts';
import { createLogger } from '../../src/logger.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { reachableRedisUrl } from '../cache/redis-url.ts';
import { createTestContext, useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { startUpstashBridge } from '../helpers/upstash-bridge.ts';

/** Hono's secure headers with the resource policy opened for a blog front end on another origin. */
const SECURE_HEADERS: Record<string, string> = {
  'cross-origin-resource-policy': 'cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const ctx = useTestContext();

describe('service endpoints', () => {
  it('answers /healthz with 200 ok', async () => {
    const response = await call(ctx.current.app, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when the database answers', async () => {
    const response = await call(ctx.current.app, 'GET', '/readyz');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.checks.database).toBe('ok');
  });

  it('answers /readyz with 503 naming the database when it is down', async () => {
    const other = await createTestContext();
    try {
      other.deps.database.ping = async () => {
        throw new Error('connection refused');
      };
      const response = await call(other.app, 'GET', '/readyz');
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'unavailable', checks: { database: 'unavailable' } });
    } finally {
      await other.close();
    }
  });

  it('serves an OpenAPI 3.1 document and an interactive reference', async () => {
    const spec = await call(ctx.current.app, 'GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(spec.body.paths['/healthz']).toBeDefined();
    expect(spec.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const docs = await call(ctx.current.app, 'GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(docs.text).toContain('/openapi.json');
  });
});

describe('request ids', () => {
  it('generates an X-Request-Id when none is sent', async () => {
    const response = await call(ctx.current.app, 'GET', '/healthz');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a well-formed incoming X-Request-Id', async () => {
    const response = await call(ctx.current.app, 'GET', '/healthz', {
      headers: { 'x-request-id': 'client.req-42:a_b' },
    });
    expect(response.headers.get('x-request-id')).toBe('client.req-42:a_b');
  });

  it('replaces a malformed or over-long incoming X-Request-Id', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'semi;colon']) {
      const response = await call(ctx.current.app, 'GET', '/healthz', { headers: { 'x-request-id': bad } });
      expect(response.headers.get('x-request-id')).not.toBe(bad);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('puts the request id on error responses too', async () => {
    const response = await call(ctx.current.app, 'GET', '/nowhere', { headers: { 'x-request-id': 'trace-1' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('trace-1');
  });
});

describe('problem+json errors', () => {
  it('answers an unknown route with a 404 problem', async () => {
    const response = await call(ctx.current.app, 'GET', '/v1/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: 'Not found' });
    expect(typeof response.body.type).toBe('string');
  });

  it('answers malformed JSON with 400', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/nowhere', { body: '{"a":' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers JSON nested deeper than 32 levels with 400', async () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const response = await call(ctx.current.app, 'POST', '/v1/nowhere', { body: deep });
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('32');
  });

  it('accepts nesting of exactly 32 levels past the body checks', async () => {
    const atLimit = `${'['.repeat(32)}${']'.repeat(32)}`;
    const response = await call(ctx.current.app, 'POST', '/v1/nowhere', { body: atLimit });
    expect(response.status).toBe(404);
  });

  it('answers a non-JSON body with 415', async () => {
    const response = await call(ctx.current.app, 'POST', '/v1/nowhere', {
      body: 'name=value',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    const response = await call(ctx.current.app, 'POST', '/v1/nowhere', { body: big });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers an unexpected fault with a bare 500 and logs it with the request id', async () => {
    const other = await createTestContext();
    try {
      other.app.get('/boom-test', () => {
        throw new Error('secret internals: SELECT * FROM users');
      });
      const response = await call(other.app, 'GET', '/boom-test', { headers: { 'x-request-id': 'boom-1' } });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.text).not.toContain('SELECT');
      expect(response.text).not.toContain('secret internals');
      expect(
        other.logLines.some((line) => line.includes('"requestId":"boom-1"') && line.includes('request failed')),
      ).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('headers', () => {
  it('sets the secure headers and X-Request-Id, once each, on every kind of response', async () => {
    const author = await createUser(ctx.current);
    await postArticle(ctx.current, author, { title: 'Header check', status: 'PUBLISHED' });
    const page = await ctx.current.app.request('/v1/public/articles/header-check');
    const responses = {
      json: await ctx.current.app.request('/healthz'),
      problem: await ctx.current.app.request('/nowhere'),
      page,
      notModified: await ctx.current.app.request('/v1/public/articles/header-check', {
        headers: { 'if-none-match': page.headers.get('etag') ?? '' },
      }),
      head: await ctx.current.app.request('/v1/public/articles/header-check', { method: 'HEAD' }),
      docs: await ctx.current.app.request('/docs'),
    };
    expect(responses.notModified.status).toBe(304);
    expect(responses.head.status).toBe(200);
    expect(await responses.head.text()).toBe('');
    expect(responses.head.headers.get('etag')).toBe(page.headers.get('etag'));
    for (const [kind, response] of Object.entries(responses)) {
      for (const [name, value] of Object.entries(SECURE_HEADERS)) expect(response.headers.get(name), kind).toBe(value);
      expect(response.headers.get('x-request-id'), kind).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(responses.page.headers.get('content-type')).toBe('application/json');
    expect(responses.problem.headers.get('content-type')).toBe('application/problem+json');
  });

  it('allows only the configured CORS origins', async () => {
    const other = await createTestContext({ env: { CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const allowed = await call(other.app, 'GET', '/healthz', { headers: { origin: 'https://app.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const denied = await call(other.app, 'GET', '/healthz', { headers: { origin: 'https://evil.example.com' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('writes one JSON log line per request without the query string', async () => {
    const { app, logLines } = ctx.current;
    const before = logLines.length;
    await call(app, 'GET', '/healthz?token=do-not-log-me');
    const lines = logLines.slice(before).map((line) => JSON.parse(line));
    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
    expect(logLines.slice(before).join('\n')).not.toContain('do-not-log-me');
  });
});

const redisUrl = await reachableRedisUrl();

describe('readiness with a remote cache', () => {
  it('answers 503 degraded naming the cache when a configured remote cache is down', async () => {
    const logger = createLogger('silent');
    const deadCache = withFallback(createUpstashCache({ url: 'http://127.0.0.1:1', token: 't', retries: 0 }), logger);
    const other = await createTestContext({ deps: { cache: deadCache } });
    try {
      const response = await call(other.app, 'GET', '/readyz');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'degraded', checks: { database: 'ok', cache: 'unavailable' } });
      expect((await call(other.app, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it.skipIf(!redisUrl)('answers 200 with the cache ok over HTTP to a real Redis', async () => {
    const bridge = await startUpstashBridge({ redisUrl: redisUrl as string, token: 'readyz-token' });
    const other = await createTestContext({
      deps: { cache: createUpstashCache({ url: bridge.url, token: bridge.token, retries: 0 }) },
    });
    try {
      const response = await call(other.app, 'GET', '/readyz');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', checks: { database: 'ok', cache: 'ok' } });
    } finally {
      await other.close();
      await bridge.close();
    }
  });
});
