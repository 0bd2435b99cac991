import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, decodeText, encodeText } from '../../src/cache/cache.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createLogger } from '../../src/logger.ts';
import {
  invalidatePublicArticle,
  readPublicArticle,
  readPublicFeedPage,
  storePublicArticle,
  storePublicFeedPage,
} from '../../src/modules/public-articles/public-articles.cache.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const silent = createLogger('error', () => {});

function brokenCache(): Cache {
  const fail = async () => {
    throw new Error('cache is down');
  };
  return {
    kind: 'redis',
    get: fail,
    set: fail,
    getRaw: fail,
    setRaw: fail,
    setIfAbsent: fail,
    delete: fail,
    increment: fail,
    ping: fail,
    close: async () => {},
  };
}

/** A memory cache whose writes of public pages wait until `release()` is called. */
function gatedCache() {
  const inner = createMemoryCache();
  let release = () => {};
  let gate: Promise<void> = Promise.resolve();
  let heldWrites = 0;
  const cache: Cache = {
    ...inner,
    async setRaw(key, value, ttl) {
      if (key.startsWith('public-article:v2:')) {
        heldWrites += 1;
        await gate;
      }
      return inner.setRaw(key, value, ttl);
    },
  };
  return {
    cache,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    heldWrites: () => heldWrites,
  };
}

describe('the public page cache', () => {
  it('never serves an article page fetched before an invalidation but stored after it', async () => {
    const deps = { cache: createMemoryCache(), logger: silent };
    const before = await readPublicArticle(deps, 'race');
    await invalidatePublicArticle(deps, 'race');
    await storePublicArticle(deps, 'race', before.lookup, { etag: '"1-old"', json: '"stale"' });
    const after = await readPublicArticle(deps, 'race');
    expect(after.page).toBeUndefined();

    const stored = await storePublicArticle(deps, 'race', after.lookup, { etag: '"2-new"', json: '"fresh"' });
    expect(decodeText(stored.body)).toBe('"fresh"');
    const hit = (await readPublicArticle(deps, 'race')).page;
    expect(hit?.etag).toBe('"2-new"');
    expect(decodeText(hit?.body ?? '')).toBe('"fresh"');
  });

  it('keeps the ETag, newlines and any text of the body intact', async () => {
    const deps = { cache: createMemoryCache(), logger: silent };
    const json = JSON.stringify({ htmlContent: '<pre>line one\nline two</pre>\n', title: 'Zürich 🚀' });
    const { lookup } = await readPublicArticle(deps, 'raw');
    const stored = await storePublicArticle(deps, 'raw', lookup, { etag: '"3-k"', json });
    expect(decodeText(stored.body)).toBe(json);
    const hit = (await readPublicArticle(deps, 'raw')).page;
    expect(hit?.etag).toBe('"3-k"');
    expect(decodeText(hit?.body ?? '')).toBe(json);
  });

  it('drops every cached feed page when any public article changes', async () => {
    const deps = { cache: createMemoryCache(), logger: silent };
    const first = await readPublicFeedPage(deps, 20, undefined);
    await storePublicFeedPage(deps, 20, undefined, first, { body: encodeText('{"v":1}'), nextCursor: null });
    expect(decodeText((await readPublicFeedPage(deps, 20, undefined)).body ?? '')).toBe('{"v":1}');
    await invalidatePublicArticle(deps, 'some-article');
    expect((await readPublicFeedPage(deps, 20, undefined)).body).toBeUndefined();
  });

  it('treats a failing cache as a miss', async () => {
    const deps = { cache: brokenCache(), logger: silent };
    const { lookup } = await readPublicArticle(deps, 'x');
    expect(lookup).toEqual({ isCacheable: false });
    expect(await readPublicFeedPage(deps, 20, undefined)).toEqual({ isCacheable: false });
    const stored = await storePublicArticle(deps, 'x', lookup, { etag: '"1"', json: '{}' });
    expect(decodeText(stored.body)).toBe('{}');
    await expect(invalidatePublicArticle(deps, 'x')).resolves.toBeUndefined();
  });
});

describe('public reads racing a write', () => {
  let ctx: TestContext;
  const gated = gatedCache();
  beforeAll(async () => {
    ctx = await createTestContext({ deps: { cache: gated.cache } });
  });
  afterAll(async () => ctx.close());

  it('shows the write to every reader after it returned, even when a slow reader stores the old page late', async () => {
    const author = await createUser(ctx);
    const created = await postArticle(ctx, author, { title: 'Raced', content: 'old', status: 'PUBLISHED' });

    gated.hold();
    const slowRead = call(ctx.app, 'GET', '/v1/public/articles/raced');
    while (gated.heldWrites() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The slow reader holds the old page and waits to store it. Now the author unpublishes.
    const unpublish = await call(ctx.app, 'PATCH', `/v1/articles/${created.id}`, {
      token: author.token,
      body: { status: 'ARCHIVED' },
    });
    expect(unpublish.status).toBe(200);
    gated.release();
    expect((await slowRead).body.htmlContent).toBe('<p>old</p>\n');

    expect((await call(ctx.app, 'GET', '/v1/public/articles/raced')).status).toBe(404);
  });
});

describe('with the cache down', () => {
  let raw: TestContext;
  let wrapped: TestContext;
  beforeAll(async () => {
    raw = await createTestContext({ deps: { cache: brokenCache() } });
    wrapped = await createTestContext({ deps: { cache: withFallback(brokenCache(), silent) } });
  });
  afterAll(async () => {
    await raw?.close();
    await wrapped?.close();
  });

  it('serves public reads from the database, never a 5xx, even from an unwrapped cache', async () => {
    // Insert through the wrapped context's app: the raw one cannot authenticate without a cache.
    const author = await createUser(raw);
    const { insertArticle } = await import('../../src/modules/articles/articles.service.ts');
    await insertArticle(raw.database.db, raw.clock, author.id, { title: 'Down', content: 'db', status: 'PUBLISHED' });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await call(raw.app, 'GET', '/v1/public/articles/down');
      expect(response.status).toBe(200);
      expect(response.body.htmlContent).toBe('<p>db</p>\n');
    }
    expect(raw.logLines.some((line) => line.includes('public article cache unavailable'))).toBe(true);
  });

  it('creates, updates and deletes articles as the production wrapper sees it', async () => {
    const author = await createUser(wrapped);
    const created = await postArticle(wrapped, author, { title: 'Wrapped', status: 'PUBLISHED' });
    expect((await call(wrapped.app, 'GET', '/v1/public/articles/wrapped')).status).toBe(200);
    const path = `/v1/articles/${created.id}`;
    expect((await call(wrapped.app, 'PATCH', path, { token: author.token, body: { status: 'DRAFT' } })).status).toBe(
      200,
    );
    expect((await call(wrapped.app, 'GET', '/v1/public/articles/wrapped')).status).toBe(404);
    expect((await call(wrapped.app, 'DELETE', path, { token: author.token })).status).toBe(204);
  });
});
