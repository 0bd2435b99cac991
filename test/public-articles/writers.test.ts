import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { BusReceiver, InvalidationBus } from '../../src/cache/bus.ts';
import { createLocalPageStore } from '../../src/cache/local-pages.ts';
import type { PageStore } from '../../src/cache/page-cache.ts';
import { createRedisBus } from '../../src/cache/redis-bus.ts';
import { PUBLIC_PAGES_CHANNEL } from '../../src/deps.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { login, RELAXED_LIMITS, register } from '../auth/helpers.ts';
import { createDraft } from '../drafts/draft-fixtures.ts';
import { usesRedis } from '../helpers/cache.ts';
import { appFor, createTestContext, type TestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call, type JsonResponse } from '../helpers/http.ts';

/*
 * Every write that can change a public page goes through the content writer
 * (src/modules/articles/content-writer.ts), which forgets the pages it touched once the write
 * committed. This file names those writes in one table and proves, for each, that once the write
 * answered:
 *   (a) the process that wrote serves the change on its very next public read, and
 *   (b) a second process on the same database, with pages in its own memory, serves it once the
 *       writer's invalidation reached it over the bus (at once with the in-process bus; with Redis
 *       pub/sub "a moment after", docs/operations.md: we wait for a marker published after the
 *       write, which arrives after every earlier message of the same publisher).
 * Both processes hold the article pages and the feed's first page in their caches before the
 * write (checked: a third read is a hit), so a writer that skipped the invalidation fails here.
 * The last test checks that the table lists every `content.write(` call site in src/.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FEED = '/v1/public/articles';
const DELIVERY_TIMEOUT_MS = 2000;

// ---------------------------------------------------------------------------------------------
// Two processes: one database, one page store each, connected by the bus the server would use.
// ---------------------------------------------------------------------------------------------

/**
 * In-process buses that reach each other, for the run without Redis (createLocalBus() tells no
 * one: it is the bus of a single process). Built on the InvalidationBus interface only: what one
 * publishes reaches every other bus of the same fan-out, at once and in order.
 */
function createFanOut() {
  const receivers = new Set<BusReceiver>();
  return (): InvalidationBus => {
    let own: BusReceiver | undefined;
    return {
      async publish(generations) {
        for (const receiver of receivers) if (receiver !== own) receiver.changed(generations);
      },
      subscribe(receiver) {
        if (own) receivers.delete(own);
        own = receiver;
        receivers.add(receiver);
      },
      isLive: () => true,
      async close() {
        if (own) receivers.delete(own);
      },
    };
  };
}

/** `inner`, noting what other processes told it (for `caughtUp`) and how often it was reset. */
function observed(inner: InvalidationBus) {
  const heard = new Set<string>();
  let resets = 0;
  const bus: InvalidationBus = {
    publish: (generations) => inner.publish(generations),
    subscribe: (receiver) =>
      inner.subscribe({
        changed(generations) {
          for (const generation of generations) heard.add(generation);
          receiver.changed(generations);
        },
        reset() {
          resets += 1;
          receiver.reset();
        },
      }),
    isLive: () => inner.isLive(),
    close: () => inner.close(),
  };
  return { bus, heard, resets: () => resets };
}

/** `inner`, counting the reads it answered from the cache. */
function counted(inner: PageStore) {
  let hits = 0;
  const store: PageStore = {
    async read(keys) {
      const lookup = await inner.read(keys);
      if (lookup.body) hits += 1;
      return lookup;
    },
    store: (lookup, page) => inner.store(lookup, page),
    invalidate: (generations, pages) => inner.invalidate(generations, pages),
    close: () => inner.close(),
  };
  return { store, hits: () => hits };
}

interface Process {
  name: string;
  app: App;
  /** Page-store reads answered from the cache so far. */
  hits(): number;
  /** Bus resets so far (a reset forgets every page, which would make a check here vacuous). */
  resets(): number;
  /** Resolves once everything process one published so far has reached this process. */
  caughtUp(): Promise<void>;
}

let ctx: TestContext;
let one: Process;
let two: Process;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const url = process.env.TEST_REDIS_URL;
  // The same kind of bus the Node server runs with: Redis pub/sub on one (unique) channel, else in-process.
  const channel = `test:${crypto.randomUUID()}:${PUBLIC_PAGES_CHANNEL}`;
  const fanOut = createFanOut();
  const openBus = async () => observed(url ? await createRedisBus(url, channel) : fanOut());
  const [busOne, busTwo] = await Promise.all([openBus(), openBus()]);
  const pagesOne = counted(createLocalPageStore({ bus: busOne.bus, maxBytes: 16 * 1024 * 1024 }));
  const pagesTwo = counted(createLocalPageStore({ bus: busTwo.bus, maxBytes: 16 * 1024 * 1024 }));
  // Closing a store closes its bus.
  closers.push(
    () => pagesOne.store.close(),
    () => pagesTwo.store.close(),
  );
  expect(busOne.bus.isLive() && busTwo.bus.isLive(), 'both buses are live, so both stores cache').toBe(true);

  ctx = await createTestContext({ env: RELAXED_LIMITS, deps: { publicPages: pagesOne.store } });
  closers.push(() => ctx.close());

  const caughtUp = async () => {
    const marker = `writers-test:caught-up:${crypto.randomUUID()}`;
    await busOne.bus.publish([marker]);
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while (!busTwo.heard.has(marker)) {
      if (Date.now() > deadline)
        throw new Error(`process two heard nothing from process one in ${DELIVERY_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  one = {
    name: 'process one (wrote)',
    app: ctx.app,
    hits: pagesOne.hits,
    resets: busOne.resets,
    caughtUp: async () => {},
  };
  two = {
    name: 'process two',
    // Same database, cache, clock and config; its own page store (src/services.ts builds its own page cache over it).
    app: appFor({ ...ctx.deps, publicPages: pagesTwo.store }),
    hits: pagesTwo.hits,
    resets: busTwo.resets,
    caughtUp,
  };
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

// ---------------------------------------------------------------------------------------------
// Public reads.
// ---------------------------------------------------------------------------------------------

const readPage = (proc: Process, slug: string) => call(proc.app, 'GET', `/v1/public/articles/${slug}`);
const readFeed = (proc: Process) => call(proc.app, 'GET', FEED);
const slugsOf = (feed: JsonResponse) => (feed.body.data as Array<{ slug: string }>).map((item) => item.slug);

/** What one process shows, for a writer's expectations. */
interface View {
  name: string;
  page(slug: string): Promise<JsonResponse>;
  feedSlugs(): Promise<string[]>;
  feed(): Promise<JsonResponse>;
  /** The page's ETag this process served before the write. */
  etagBefore(slug: string): string;
}

/**
 * Reads each page (and the feed's first page) twice, so the local store keeps it, then a third time,
 * which must be a hit; checks the state before the write. Answers the ETags served.
 */
async function warm(proc: Process, scenario: Scenario): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  const hit = async (read: () => Promise<JsonResponse>, what: string) => {
    await read();
    await read();
    const hits = proc.hits();
    const third = await read();
    expect(proc.hits(), `${proc.name}: ${what} is cached before the write`).toBe(hits + 1);
    return third;
  };
  for (const slug of scenario.cached) {
    const page = await hit(() => readPage(proc, slug), `/v1/public/articles/${slug}`);
    expect(page.status, `${proc.name}: ${slug} before the write`).toBe(200);
    etags.set(slug, page.headers.get('etag') ?? '');
  }
  for (const slug of scenario.absent) {
    // Not found is never cached; read twice anyway, as a reader would have.
    for (let time = 0; time < 2; time++) {
      expect((await readPage(proc, slug)).status, `${proc.name}: ${slug} before the write`).toBe(404);
    }
  }
  const feed = slugsOf(await hit(() => readFeed(proc), FEED));
  for (const slug of scenario.cached) expect(feed, `${proc.name}: the feed before the write`).toContain(slug);
  for (const slug of scenario.absent) expect(feed, `${proc.name}: the feed before the write`).not.toContain(slug);
  return etags;
}

function viewOf(proc: Process, etags: Map<string, string>): View {
  return {
    name: proc.name,
    page: (slug) => readPage(proc, slug),
    feed: () => readFeed(proc),
    feedSlugs: async () => slugsOf(await readFeed(proc)),
    etagBefore: (slug) => etags.get(slug) ?? '',
  };
}

// ---------------------------------------------------------------------------------------------
// The writers.
// ---------------------------------------------------------------------------------------------

const ARTICLES_SERVICE = 'src/modules/articles/articles.service.ts';
const DRAFTS_SERVICE = 'src/modules/drafts/drafts.service.ts';
const ME_SERVICE = 'src/modules/me/me.service.ts';

interface Scenario {
  /** Published slugs whose pages both processes cache before the write (and the feed lists). */
  cached: string[];
  /** Slugs that are 404 before the write (and not in the feed). */
  absent: string[];
  /** Performs the write through the HTTP API of process one, asserting it succeeded. */
  write(): Promise<void>;
  /** The public effect every process must show once the write answered. */
  expectEffect(view: View): Promise<void>;
}

interface Writer {
  name: string;
  /** The content write it goes through: a `content.write(` call site, `file#method`. */
  site: string;
  effect: string;
  /** Makes the state before the write (through the API), and the write. */
  arrange(): Promise<Scenario>;
}

const uniqueSlug = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

async function publishedArticle(author: TestUser, label: string, content = 'before') {
  const slug = uniqueSlug(label);
  const article = await postArticle(ctx, author, { title: `${label} title`, slug, content, status: 'PUBLISHED' });
  return { id: article.id as string, slug };
}

async function expectStatus(view: View, slug: string, status: number) {
  expect((await view.page(slug)).status, `${view.name}: /v1/public/articles/${slug}`).toBe(status);
}

async function expectFirstInFeed(view: View, slug: string) {
  expect((await view.feedSlugs())[0], `${view.name}: the newest in the feed`).toBe(slug);
}

async function expectNotInFeed(view: View, ...slugs: string[]) {
  const feed = await view.feedSlugs();
  for (const slug of slugs) expect(feed, `${view.name}: the feed`).not.toContain(slug);
}

async function patchArticle(author: TestUser, id: string, body: Record<string, unknown>) {
  const response = await call(ctx.app, 'PATCH', `/v1/articles/${id}`, { token: author.token, body });
  expect(response.status, response.text).toBe(200);
}

const WRITERS: Writer[] = [
  {
    name: 'article create, PUBLISHED (POST /v1/articles)',
    site: `${ARTICLES_SERVICE}#create`,
    effect: 'the slug is 200 and first in the feed',
    async arrange() {
      const author = await createUser(ctx);
      const slug = uniqueSlug('created');
      return {
        cached: [],
        absent: [slug],
        write: async () => {
          await postArticle(ctx, author, { title: 'Created', slug, content: 'fresh', status: 'PUBLISHED' });
        },
        async expectEffect(view) {
          const page = await view.page(slug);
          expect(page.status, `${view.name}: ${slug}`).toBe(200);
          expect(page.body.htmlContent).toBe('<p>fresh</p>\n');
          await expectFirstInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'article update, title and content (PATCH /v1/articles/{id})',
    site: `${ARTICLES_SERVICE}#update`,
    effect: 'the page has the new body and ETag, the feed the new title',
    async arrange() {
      const author = await createUser(ctx);
      const { id, slug } = await publishedArticle(author, 'edited');
      return {
        cached: [slug],
        absent: [],
        write: () => patchArticle(author, id, { title: 'Edited, renamed', content: 'after' }),
        async expectEffect(view) {
          const page = await view.page(slug);
          expect(page.status).toBe(200);
          expect(page.body.title, view.name).toBe('Edited, renamed');
          expect(page.body.htmlContent, view.name).toBe('<p>after</p>\n');
          expect(page.headers.get('etag'), view.name).not.toBe(view.etagBefore(slug));
          const listed = (await view.feed()).body.data.find((item: { slug: string }) => item.slug === slug);
          expect(listed?.title, `${view.name}: the feed`).toBe('Edited, renamed');
        },
      };
    },
  },
  {
    name: 'article update, unpublish (PATCH /v1/articles/{id} status ARCHIVED)',
    site: `${ARTICLES_SERVICE}#update`,
    effect: 'the page is 404 and gone from the feed',
    async arrange() {
      const author = await createUser(ctx);
      const { id, slug } = await publishedArticle(author, 'withdrawn');
      return {
        cached: [slug],
        absent: [],
        write: () => patchArticle(author, id, { status: 'ARCHIVED' }),
        async expectEffect(view) {
          await expectStatus(view, slug, 404);
          await expectNotInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'article update, new slug (PATCH /v1/articles/{id} slug)',
    site: `${ARTICLES_SERVICE}#update`,
    effect: 'the old slug is 404, the new one 200, and the feed lists the new one',
    async arrange() {
      const author = await createUser(ctx);
      const { id, slug } = await publishedArticle(author, 'moved');
      const moved = uniqueSlug('moved-to');
      return {
        cached: [slug],
        absent: [moved],
        write: () => patchArticle(author, id, { slug: moved }),
        async expectEffect(view) {
          await expectStatus(view, slug, 404);
          await expectStatus(view, moved, 200);
          await expectFirstInFeed(view, moved);
          await expectNotInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'article update, publish (PATCH /v1/articles/{id} status PUBLISHED)',
    site: `${ARTICLES_SERVICE}#update`,
    effect: 'the slug is 200 and first in the feed',
    async arrange() {
      const author = await createUser(ctx);
      const slug = uniqueSlug('promoted');
      const article = await postArticle(ctx, author, { title: 'Promoted', slug, status: 'DRAFT' });
      return {
        cached: [],
        absent: [slug],
        write: () => patchArticle(author, article.id, { status: 'PUBLISHED' }),
        async expectEffect(view) {
          await expectStatus(view, slug, 200);
          await expectFirstInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'article delete (DELETE /v1/articles/{id})',
    site: `${ARTICLES_SERVICE}#remove`,
    effect: 'the page is 404 and gone from the feed',
    async arrange() {
      const author = await createUser(ctx);
      const { id, slug } = await publishedArticle(author, 'deleted');
      return {
        cached: [slug],
        absent: [],
        async write() {
          const response = await call(ctx.app, 'DELETE', `/v1/articles/${id}`, { token: author.token });
          expect(response.status, response.text).toBe(204);
        },
        async expectEffect(view) {
          await expectStatus(view, slug, 404);
          await expectNotInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'draft publish (POST /v1/drafts/{id}/publish)',
    site: `${DRAFTS_SERVICE}#publish`,
    effect: 'the new slug is 200 and first in the feed',
    async arrange() {
      const author = await createUser(ctx);
      const { draft } = await createDraft(ctx, author, { title: 'From a draft' });
      const slug = uniqueSlug('drafted');
      return {
        cached: [],
        absent: [slug],
        async write() {
          const response = await call(ctx.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
            token: author.token,
            body: { slug },
          });
          expect(response.status, response.text).toBe(201);
        },
        async expectEffect(view) {
          const page = await view.page(slug);
          expect(page.status, `${view.name}: ${slug}`).toBe(200);
          expect(page.body.title).toBe('From a draft');
          await expectFirstInFeed(view, slug);
        },
      };
    },
  },
  {
    name: 'author rename (PATCH /v1/me name)',
    site: `${ME_SERVICE}#update`,
    effect: "every page of the author's shows the new author.name, under a new ETag",
    async arrange() {
      const author = await createUser(ctx, { name: 'Old Name' });
      const pages = [await publishedArticle(author, 'renamed-a'), await publishedArticle(author, 'renamed-b')];
      return {
        cached: pages.map((page) => page.slug),
        absent: [],
        async write() {
          const response = await call(ctx.app, 'PATCH', '/v1/me', { token: author.token, body: { name: 'New Name' } });
          expect(response.status, response.text).toBe(200);
        },
        async expectEffect(view) {
          for (const { slug } of pages) {
            const page = await view.page(slug);
            expect(page.status).toBe(200);
            expect(page.body.author.name, `${view.name}: ${slug}`).toBe('New Name');
            expect(page.headers.get('etag'), `${view.name}: ${slug}`).not.toBe(view.etagBefore(slug));
          }
        },
      };
    },
  },
  {
    name: 'account deletion (DELETE /v1/me)',
    site: `${ME_SERVICE}#remove`,
    effect: "every page of the author's is 404 and gone from the feed",
    async arrange() {
      // Needs a real password: registered and signed in through the API.
      const registered = await register(ctx, { name: 'Leaving' });
      const author: TestUser = {
        id: registered.id,
        email: registered.email,
        name: 'Leaving',
        token: await login(ctx, registered.email, registered.password),
      };
      const pages = [await publishedArticle(author, 'leaving-a'), await publishedArticle(author, 'leaving-b')];
      const slugs = pages.map((page) => page.slug);
      return {
        cached: slugs,
        absent: [],
        async write() {
          const response = await call(ctx.app, 'DELETE', '/v1/me', {
            token: author.token,
            body: { password: registered.password },
          });
          expect(response.status, response.text).toBe(204);
        },
        async expectEffect(view) {
          for (const slug of slugs) await expectStatus(view, slug, 404);
          await expectNotInFeed(view, ...slugs);
        },
      };
    },
  },
];

describe(`every public-page writer, seen by two processes (${usesRedis() ? 'Redis pub/sub' : 'in-process'} bus)`, () => {
  for (const writer of WRITERS) {
    it(`${writer.name}: ${writer.effect}`, async () => {
      // Each scenario's articles are the newest published, so the feed's first page shows them.
      ctx.clock.advance(1000);
      const scenario = await writer.arrange();
      // The setup's own invalidations must have reached process two before it caches anything.
      await two.caughtUp();
      const etags = new Map<Process, Map<string, string>>();
      for (const proc of [one, two]) etags.set(proc, await warm(proc, scenario));
      const resets = [one.resets(), two.resets()];

      ctx.clock.advance(1000);
      await scenario.write();
      // (a) The process that wrote: its very next read.
      await scenario.expectEffect(viewOf(one, etags.get(one) ?? new Map()));
      // (b) The other process: its next read once the write's message arrived.
      await two.caughtUp();
      await scenario.expectEffect(viewOf(two, etags.get(two) ?? new Map()));

      // A bus reset forgets every page, which would have let a missing invalidation pass unseen.
      expect([one.resets(), two.resets()], 'no bus reset during the scenario').toEqual(resets);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The table is the code's list of writers.
// ---------------------------------------------------------------------------------------------

const CONTENT_WRITE = /\bcontent\s*\.\s*write\s*(?:<[^>]*>\s*)?\(/g;

function sourceFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join(ROOT, 'src', file));
}

/** The name of the function or method a node is in (an anonymous callback counts as its container). */
function enclosingName(node: ts.Node): string {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if ((ts.isMethodDeclaration(at) || ts.isFunctionDeclaration(at)) && at.name) return at.name.getText();
    if (
      (ts.isPropertyAssignment(at) || ts.isVariableDeclaration(at)) &&
      at.initializer &&
      (ts.isArrowFunction(at.initializer) || ts.isFunctionExpression(at.initializer))
    ) {
      return at.name.getText();
    }
  }
  return '(top level)';
}

/** Every `content.write(` call in src/, as `file#method` (one entry per call). */
function contentWriteSites() {
  const sites: string[] = [];
  const countsByFile = new Map<string, number>();
  for (const path of sourceFiles()) {
    const text = readFileSync(path, 'utf8');
    const file = relative(ROOT, path).split('\\').join('/');
    const count = text.match(CONTENT_WRITE)?.length ?? 0;
    if (count === 0) continue;
    countsByFile.set(file, count);
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'write' &&
        /(^|\.)content$/.test(node.expression.expression.getText())
      ) {
        sites.push(`${file}#${enclosingName(node)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { sites: sites.sort(), countsByFile };
}

describe('the table of writers', () => {
  it('names exactly the content writes in src/ (six call sites)', () => {
    const { sites, countsByFile } = contentWriteSites();
    const listed = [...new Set(WRITERS.map((writer) => writer.site))].sort();
    expect(listed).toEqual([
      `${ARTICLES_SERVICE}#create`,
      `${ARTICLES_SERVICE}#remove`,
      `${ARTICLES_SERVICE}#update`,
      `${DRAFTS_SERVICE}#publish`,
      `${ME_SERVICE}#remove`,
      `${ME_SERVICE}#update`,
    ]);
    // The plain count per file: a new `content.write(` anywhere in src/ fails here, whatever its shape.
    expect(Object.fromEntries(countsByFile), 'content.write( calls per file').toEqual({
      [ARTICLES_SERVICE]: 3,
      [DRAFTS_SERVICE]: 1,
      [ME_SERVICE]: 2,
    });
    // And each call is in the method the table names: one call per listed (file, method).
    expect(sites, 'content.write( calls by file#method, against the table').toEqual(listed);
  });
});
