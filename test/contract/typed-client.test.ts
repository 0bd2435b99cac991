import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { hc } from 'hono/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppType, createFinityClient } from '../../src/client/index.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { assertContract } from '../helpers/contract.ts';
import { createUser } from '../helpers/factories.ts';

let ctx: TestContext;
let server: ServerType;
let baseUrl: string;

/** Every answer the client gets is also checked against the OpenAPI document. */
async function checkedFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const { pathname, search } = new URL(request.url);
  const text = await response.clone().text();
  await assertContract(request.method, `${pathname}${search}`, {
    status: response.status,
    headers: response.headers,
    text,
  });
  return response;
}

beforeAll(async () => {
  ctx = await createTestContext({ deps: { clientAddress: (c) => getConnInfo(c).remote.address } });
  // The same Node server src/node.ts starts, on a free port of the loopback interface.
  await new Promise<void>((resolve) => {
    server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await ctx?.close();
});

describe('the client generated from openapi.json, against a running server', () => {
  it('registers, verifies, logs in, publishes a draft, reads it publicly and stores an API key', async () => {
    const anonymous = createFinityClient(baseUrl, { fetch: checkedFetch });
    const email = `typed-client-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const password = 'correct horse battery staple';

    const registered = await anonymous.POST('/v1/auth/register', { body: { email, password, name: 'Typed Client' } });
    expect(registered.response.status).toBe(201);
    expect(registered.data?.user.emailVerified).toBe(false);

    const mail = ctx.outbox.find((message) => message.to === email);
    const token = mail && /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    const verified = await anonymous.POST('/v1/auth/verify-email', { body: { token: token as string } });
    expect(verified.data?.user.emailVerified).toBe(true);

    const loggedIn = await anonymous.POST('/v1/auth/login', { body: { email, password } });
    expect(loggedIn.data?.tokenType).toBe('Bearer');
    const client = createFinityClient(baseUrl, { token: loggedIn.data?.accessToken, fetch: checkedFetch });

    const me = await client.GET('/v1/me');
    expect(me.data).toMatchObject({ email, name: 'Typed Client', emailVerified: true });

    const draft = await client.POST('/v1/drafts', {
      body: {
        title: 'Typed clients in practice',
        config: { tone: 'friendly' },
        sections: [{ heading: 'Why', content: 'Because the **compiler** checks every call.' }],
        metadata: { metaDescription: 'Generated from the OpenAPI document.' },
      },
    });
    expect(draft.response.status).toBe(201);
    const draftId = draft.data?.id as string;

    const article = await client.POST('/v1/drafts/{id}/publish', { params: { path: { id: draftId } }, body: {} });
    expect(article.response.status).toBe(201);
    expect(article.data?.status).toBe('PUBLISHED');
    const slug = article.data?.slug as string;

    const gone = await client.GET('/v1/drafts/{id}', { params: { path: { id: draftId } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error?.status).toBe(404);

    const publicArticle = await anonymous.GET('/v1/public/articles/{slug}', { params: { path: { slug } } });
    expect(publicArticle.data).toMatchObject({
      slug,
      title: 'Typed clients in practice',
      author: { name: 'Typed Client' },
    });
    expect(publicArticle.data?.htmlContent).toContain('<strong>compiler</strong>');
    expect(publicArticle.response.headers.get('etag')).toBeTruthy();

    const key = await client.PUT('/v1/api-keys/{provider}', {
      params: { path: { provider: 'OPENAI' } },
      body: { key: 'sk-typed-client-0123456789abcd' },
    });
    expect(key.response.status).toBe(201);
    expect(key.data?.maskedKey).toMatch(/abcd$/);
    expect(JSON.stringify(key.data)).not.toContain('sk-typed-client');

    const keys = await client.GET('/v1/api-keys');
    expect(keys.data?.data.map((entry) => entry.provider)).toEqual(['OPENAI']);
  });

  it('is callable through Hono’s RPC client typed by AppType', async () => {
    const user = await createUser(ctx);
    const rpc = hc<AppType>(baseUrl, {
      headers: { Authorization: `Bearer ${user.token}` },
      fetch: (input: RequestInfo | URL, init?: RequestInit) => checkedFetch(new Request(input, init)),
    });
    const created = await rpc.v1.drafts.$post({
      header: {},
      json: { title: 'Over RPC', config: {}, sections: [{ content: 'Typed end to end.' }] },
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const draft = await created.json();
    const read = await rpc.v1.drafts[':id'].$get({ param: { id: draft.id }, header: {} });
    expect(read.status).toBe(200);
    if (read.status !== 200) return;
    const body = await read.json();
    expect(body.title).toBe('Over RPC');
    expect(read.headers.get('etag')).toBe(`"${body.version}"`);
    const me = await rpc.v1.me.$get();
    expect(me.status).toBe(200);
    if (me.status === 200) expect((await me.json()).email).toBe(user.email);
  });

  it('gets typed problem details for a request without a token', async () => {
    const anonymous = createFinityClient(baseUrl, { fetch: checkedFetch });
    const { response, error } = await anonymous.GET('/v1/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized' });
  });
});
