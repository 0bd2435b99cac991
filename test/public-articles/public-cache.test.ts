import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBus, type InvalidationBus } from '../../src/cache/bus.ts';
import { type Cache, decodeText } from '../../src/cache/cache.ts';
import { createLocalPageStore } from '../../src/cache/local-pages.ts';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { type PageStore, sharedPageStore } from '../../src/cache/page-cache.ts';
import { createRedisBus } from '../../src/cache/redis-bus.ts';
import { withFallback } from '../../src/cache/resilient.ts';
import { createLogger } from '../../src/logger.ts';
import { createPublicPageCache } from '../../src/modules/public-articles/public-articles.cache.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { usesRedis } from '../helpers/cache.ts';
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

/** A bus whose Redis is down: never live, and publishing fails. */
const deadBus: InvalidationBus = {
  publish: async () => {
    throw new Error('Redis is down');
  },
  subscribe: () => {},
  isLive: () => false,
  close: async () => {},
};

/** Each store, and the same store with its Redis down. */
const STORES: Array<[string, () => PageStore, () => PageStore]> = [
  [
    'in this process (local store)',
    () => createLocalPageStore({ bus: createLocalBus(), maxBytes: 1024 * 1024 }),
    () => createLocalPageStore({ bus: deadBus, maxBytes: 1024 * 1024 }),
  ],
  ['in the shared cache', () => sharedPageStore(createMemoryCache()), () => sharedPageStore(brokenCache())],
];

/** A page store whose stores of article pages wait until `release()` is called. */
function gatedPages(inner: PageStore) {
  let release = () => {};
  let gate: Promise<void> = Promise.resolve();
  let heldWrites = 0;
  const pages: PageStore = {
    ...inner,
    read: (keys) => inner.read(keys),
    invalidate: (generations, keys) => inner.invalidate(generations, keys),
    async store(lookup, page) {
      if (page.keys.page.startsWith('public-article:')) {
        heldWrites += 1;
        await gate;
      }
      return inner.store(lookup, page);
    },
  };
  return {
    pages,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
    heldWrites: () => heldWrites,
  };
}

const page = (etag: string, json: string) => async () => ({ etag, json });
const feedPage = (json: string) => async () => ({ json, nextCursor: null });
const notLoaded = async (): Promise<never> => {
  throw new Error('served from the cache, so never loaded');
};

describe.each(STORES)('the public page cache %s', (_name, createStore, createBrokenStore) => {
  it('never serves an article page loaded before an invalidation but stored after it', async () => {
    const pages = createPublicPageCache(createStore(), silent);
    // A first read (the local store keeps a page from its second read on), then a clean slate.
    await pages.article('race', page('"0-seen"', '"seen"'));
    await pages.invalidate(['race']);
    const racing = await pages.article('race', async () => {
      await pages.invalidate(['race']);
      return { etag: '"1-old"', json: '"stale"' };
    });
    expect(racing?.etag).toBe('"1-old"');
    const fresh = await pages.article('race', page('"2-new"', '"fresh"'));
    expect(fresh?.etag).toBe('"2-new"');
    const hit = await pages.article('race', notLoaded);
    expect(hit?.etag).toBe('"2-new"');
    expect(decodeText(hit?.body ?? '')).toBe('"fresh"');
  });

  it('keeps the ETag, newlines and any text of the body intact', async () => {
    const pages = createPublicPageCache(createStore(), silent);
    const json = JSON.stringify({ htmlContent: '<pre>line one\nline two</pre>\n', title: 'Zürich 🚀' });
    await pages.article('raw', page('"3-k"', json));
    const stored = await pages.article('raw', page('"3-k"', json));
    expect(decodeText(stored?.body ?? '')).toBe(json);
    const hit = await pages.article('raw', notLoaded);
    expect(hit?.etag).toBe('"3-k"');
    expect(decodeText(hit?.body ?? '')).toBe(json);
  });

  it('answers undefined, and stores nothing, when the article is not there', async () => {
    const pages = createPublicPageCache(createStore(), silent);
    expect(await pages.article('gone', async () => undefined)).toBeUndefined();
    expect(await pages.article('gone', async () => undefined)).toBeUndefined();
  });

  it('drops every cached feed page when any public article changes', async () => {
    const pages = createPublicPageCache(createStore(), silent);
    await pages.feedPage(20, undefined, feedPage('{"v":0}'));
    await pages.invalidate(['some-article']);
    await pages.feedPage(20, undefined, feedPage('{"v":1}'));
    expect(decodeText(await pages.feedPage(20, undefined, notLoaded))).toBe('{"v":1}');
    await pages.invalidate(['some-article']);
    expect(decodeText(await pages.feedPage(20, undefined, feedPage('{"v":2}')))).toBe('{"v":2}');
  });

  it('treats a failing cache as a miss', async () => {
    const pages = createPublicPageCache(createBrokenStore(), silent);
    const loaded = await pages.article('x', page('"1"', '{}'));
    expect(loaded).toEqual({ etag: '"1"', body: '{}' });
    expect(await pages.feedPage(20, undefined, feedPage('{"v":1}'))).toBe('{"v":1}');
    await expect(pages.invalidate(['x'])).resolves.toBeUndefined();
  });
});

describe.each(STORES)('public reads racing a write, pages %s', (_name, createStore) => {
  let ctx: TestContext;
  const gated = gatedPages(createStore());
  beforeAll(async () => {
    ctx = await createTestContext({ deps: { publicPages: gated.pages } });
  });
  afterAll(async () => ctx.close());

  it('shows the write to every reader after it returned, even when a slow reader stores the old page late', async () => {
    const author = await createUser(ctx);
    const created = await postArticle(ctx, author, { title: 'Raced', content: 'old', status: 'PUBLISHED' });
    // Read once: a page is stored from its second read on, which is the slow one here.
    expect((await call(ctx.app, 'GET', '/v1/public/articles/raced')).status).toBe(200);

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
    raw = await createTestContext({ deps: { cache: brokenCache(), publicPages: sharedPageStore(brokenCache()) } });
    wrapped = await createTestContext({
      deps: {
        cache: withFallback(brokenCache(), silent),
        publicPages: createLocalPageStore({ bus: deadBus, maxBytes: 1024 * 1024 }),
      },
    });
  });
  afterAll(async () => {
    await raw?.close();
    await wrapped?.close();
  });

  it('serves public reads from the database, never a 5xx, even from an unwrapped cache', async () => {
    // Insert through the wrapped context's app: the raw one cannot authenticate without a cache.
    const author = await createUser(raw);
    await raw.services.articles.create(author.id, { title: 'Down', content: 'db', status: 'PUBLISHED' });
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

describe.skipIf(!usesRedis())('two API processes with pages in their own memory (Redis pub/sub)', () => {
  let writer: TestContext;
  let reader: TestContext;
  beforeAll(async () => {
    const channel = `test:${crypto.randomUUID()}:public-pages`;
    const pages = async () =>
      createLocalPageStore({
        bus: await createRedisBus(process.env.TEST_REDIS_URL as string, channel),
        maxBytes: 1 << 20,
      });
    writer = await createTestContext({ deps: { publicPages: await pages() } });
    reader = await createTestContext({ deps: { database: writer.database, publicPages: await pages() } });
  });
  afterAll(async () => {
    await reader?.deps.publicPages.close();
    await writer?.deps.publicPages.close();
    await reader?.close();
    await writer?.close();
  });

  it("drops the other process's cached article page and feed once a write there returned", async () => {
    const author = await createUser(writer);
    const created = await postArticle(writer, author, { title: 'Shared', content: 'first', status: 'PUBLISHED' });
    // The creation's own message reaches the reader shortly; let it pass before the reader caches.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const read = () => call(reader.app, 'GET', '/v1/public/articles/shared');
    const feed = () => call(reader.app, 'GET', '/v1/public/articles?limit=5');
    for (let time = 0; time < 2; time++) {
      expect((await read()).body.htmlContent).toBe('<p>first</p>\n');
      expect((await feed()).body.data[0].title).toBe('Shared');
    }
    // Cached in the reader's memory now: a change made behind the API's back does not show.
    await writer.database.db.execute(sql`update articles set html_content = '<p>behind</p>' where id = ${created.id}`);
    expect((await read()).body.htmlContent).toBe('<p>first</p>\n');

    const update = await call(writer.app, 'PATCH', `/v1/articles/${created.id}`, {
      token: author.token,
      body: { title: 'Shared, renamed', content: 'second' },
    });
    expect(update.status).toBe(200);
    const startedAt = Date.now();
    while ((await read()).body.htmlContent !== '<p>second</p>\n') {
      expect(Date.now() - startedAt).toBeLessThan(2000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await feed()).body.data[0].title).toBe('Shared, renamed');
  });
});
