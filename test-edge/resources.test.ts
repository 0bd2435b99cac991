import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, signUp, uniqueIp } from './support/accounts.ts';
import { type Client, createClient } from './support/http.ts';
import { type EdgeStack, startEdgeStack } from './support/worker.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const PLAINTEXT_KEY = `sk-edge-${crypto.randomUUID().replace(/-/g, '')}`;

describe.skipIf(!enabled)('the Worker in workerd: API keys, media assets, research queries', () => {
  let stack: EdgeStack;
  let call: Client;
  let owner: Account;
  let stranger: Account;
  let articleId: string;

  beforeAll(async () => {
    stack = await startEdgeStack();
    call = createClient(stack.baseUrl, { 'cf-connecting-ip': uniqueIp() });
    owner = await signUp(call, stack.mail, 'owner');
    stranger = await signUp(call, stack.mail, 'stranger');
    const article = await call('POST', '/v1/articles', {
      token: owner.token,
      body: { title: 'Media host', content: 'Words.' },
    });
    expect(article.status, article.text).toBe(201);
    articleId = article.body.id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stores an API key encrypted and only ever shows it masked', async () => {
    const put = await call('PUT', '/v1/api-keys/OPENAI', { token: owner.token, body: { key: PLAINTEXT_KEY } });
    expect(put.status, put.text).toBe(201);
    expect(put.body).toMatchObject({ provider: 'OPENAI', isActive: true });
    expect(put.body.maskedKey).toMatch(new RegExp(`${PLAINTEXT_KEY.slice(-4)}$`));
    expect(put.text).not.toContain(PLAINTEXT_KEY.slice(0, -4));

    const replaced = await call('PUT', '/v1/api-keys/OPENAI', {
      token: owner.token,
      body: { key: `${PLAINTEXT_KEY}x` },
    });
    expect(replaced.status).toBe(200);
    const list = await call('GET', '/v1/api-keys', { token: owner.token });
    expect(list.body.data).toHaveLength(1);
    expect(list.text).not.toContain(PLAINTEXT_KEY.slice(0, -4));
    expect((await call('GET', '/v1/api-keys', { token: stranger.token })).body.data).toEqual([]);

    const rows = await stack.database.sql`select encrypted_key from api_keys where user_id = ${owner.id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.encrypted_key).not.toContain(PLAINTEXT_KEY.slice(8));
  });

  it('deactivates and deletes the key', async () => {
    const patched = await call('PATCH', '/v1/api-keys/OPENAI', { token: owner.token, body: { isActive: false } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.isActive).toBe(false);
    expect((await call('DELETE', '/v1/api-keys/OPENAI', { token: owner.token })).status).toBe(204);
    expect((await call('GET', '/v1/api-keys', { token: owner.token })).body.data).toEqual([]);
  });

  it('runs media assets through create, read, filter, update and delete', async () => {
    const created = await call('POST', '/v1/media-assets', {
      token: owner.token,
      body: { type: 'IMAGE', provider: 'GEMINI', prompt: 'A cup of coffee at dawn', articleId },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect(created.body.articleId).toBe(articleId);

    const foreign = await call('POST', '/v1/media-assets', {
      token: stranger.token,
      body: { type: 'IMAGE', provider: 'GEMINI', prompt: 'x', articleId },
    });
    expect(foreign.status).toBe(404);

    const list = await call('GET', `/v1/media-assets?type=IMAGE&articleId=${articleId}`, { token: owner.token });
    expect(list.body.data.map((asset: { id: string }) => asset.id)).toEqual([id]);
    const patched = await call('PATCH', `/v1/media-assets/${id}`, {
      token: owner.token,
      body: { style: 'watercolor' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.style).toBe('watercolor');
    expect((await call('GET', `/v1/media-assets/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await call('DELETE', `/v1/media-assets/${id}`, { token: owner.token })).status).toBe(204);
    expect((await call('GET', `/v1/media-assets/${id}`, { token: owner.token })).status).toBe(404);
  });

  it('stores a research query and answers a lookup of the same normalised query from it', async () => {
    const created = await call('POST', '/v1/research-queries', {
      token: owner.token,
      body: {
        query: 'Best Coffee  Grinders',
        summary: 'Burr grinders win.',
        sources: [{ title: 'Guide', url: 'https://example.com/guide', snippet: 'Burr…' }],
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;

    const hit = await call('GET', '/v1/research-queries/lookup?query=%20best%20coffee%20grinders', {
      token: owner.token,
    });
    expect(hit.status, hit.text).toBe(200);
    expect(hit.body).toMatchObject({ cached: true, summary: 'Burr grinders win.' });
    const again = await call('GET', '/v1/research-queries/lookup?query=BEST%20COFFEE%20GRINDERS', {
      token: owner.token,
    });
    expect(again.status).toBe(200);
    const miss = await call('GET', '/v1/research-queries/lookup?query=best%20coffee%20grinders', {
      token: stranger.token,
    });
    expect(miss.status).toBe(404);

    const list = await call('GET', '/v1/research-queries?q=grinders', { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/v1/research-queries/${id}`, { token: owner.token })).status).toBe(200);
    expect((await call('DELETE', `/v1/research-queries/${id}`, { token: owner.token })).status).toBe(204);
    expect((await call('GET', `/v1/research-queries/${id}`, { token: owner.token })).status).toBe(404);
  });
});
