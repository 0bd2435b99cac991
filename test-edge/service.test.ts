import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueEmail, uniqueIp } from './support/accounts.ts';
import { createClient } from './support/http.ts';
import { type EdgeStack, startEdgeStack } from './support/worker.ts';
import { startWorkerd } from './support/workerd.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) console.warn('edge suite skipped: TEST_DATABASE_URL is unset (it needs a real PostgreSQL)');

describe.skipIf(!enabled)('the Worker in workerd: service endpoints', () => {
  let stack: EdgeStack;
  let call: ReturnType<typeof createClient>;

  beforeAll(async () => {
    stack = await startEdgeStack();
    call = createClient(stack.baseUrl);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers its first request (the cold start: config, app and routes are built then)', async () => {
    const startedAt = performance.now();
    const response = await call('GET', '/healthz');
    const coldStartMs = performance.now() - startedAt;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    console.log(`edge cold start: first request → response in ${coldStartMs.toFixed(1)} ms (workerd, local)`);
  });

  it('leaves no work of the first request pending that a later one waits for', async () => {
    // workerd cancels what an ended request left running; a shared promise from it never settles.
    // (A precomputed dummy password hash did exactly that: unknown-email logins hung until timeout.)
    await new Promise((resolve) => setTimeout(resolve, 300));
    const login = await call('POST', '/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'whatever password' },
      headers: { 'cf-connecting-ip': uniqueIp() },
    });
    expect(login.status, login.text).toBe(401);
  });

  it('is ready: PostgreSQL over cloudflare:sockets and the cache answer', async () => {
    const response = await call('GET', '/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      checks: { database: 'ok', cache: stack.cacheKind === 'upstash' ? 'ok' : 'not-configured' },
    });
  });

  it('serves many requests in a row, each with its own database client', async () => {
    for (let i = 0; i < 5; i++) expect((await call('GET', '/readyz')).status).toBe(200);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => call('GET', '/readyz')));
    expect(concurrent.map((response) => response.status)).toEqual(Array(8).fill(200));
  });

  it('serves the OpenAPI document and the reference page', async () => {
    const spec = await call('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(spec.body.paths['/healthz']).toBeDefined();
    const docs = await call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/openapi.json');
  });

  it('answers an unknown route with a problem document', async () => {
    const response = await call('GET', '/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe.skipIf(!enabled)('the Worker in workerd: bindings', () => {
  it('reaches PostgreSQL through a Hyperdrive binding when one is bound', async () => {
    const stack = await startEdgeStack({}, { viaHyperdrive: true });
    try {
      const ready = await createClient(stack.baseUrl)('GET', '/readyz');
      expect(ready.status, ready.text).toBe(200);
      expect(ready.body.checks.database).toBe('ok');
    } finally {
      await stack.close();
    }
  });

  it('answers 503 without naming a secret when the bindings are incomplete', async () => {
    const bundle = inject('workerBundle');
    if (!bundle) throw new Error('no bundle');
    // No JWT_SECRET, no ENCRYPTION_KEY, no database: the config check refuses, once per isolate.
    const worker = await startWorkerd(bundle, { LOG_LEVEL: 'silent' });
    try {
      const response = await createClient(worker.baseUrl)('GET', '/healthz');
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 503, detail: 'The server is misconfigured.' });
    } finally {
      await worker.dispose();
    }
  });
});
