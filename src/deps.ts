import type { Context } from 'hono';
import { createLocalBus, type InvalidationBus } from './cache/bus.ts';
import type { Cache } from './cache/cache.ts';
import { createLocalPageStore } from './cache/local-pages.ts';
import { createMemoryCache } from './cache/memory.ts';
import { type PageStore, sharedPageStore } from './cache/page-cache.ts';
import { type CacheHealth, withFallback } from './cache/resilient.ts';
import { createUpstashCache } from './cache/upstash.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { TokenSigner } from './crypto/tokens.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Logger } from './logger.ts';
import { createLogger } from './logger.ts';
import { createLogMailer, createWebhookMailer, type Mailer } from './mailer.ts';

/** The infrastructure the services are built from (src/services.ts); no module holds state of its own. */
export interface Deps {
  config: Config;
  database: DatabaseHandle;
  cache: Cache & Partial<CacheHealth>;
  /** Where the public pages are cached (see openPublicPages). */
  publicPages: PageStore;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Signs and checks access tokens; holds the imported JWT_SECRET key. */
  signer: TokenSigner;
  /** The peer's socket address, where the runtime exposes one (Node sets it); rate limits key on it. */
  clientAddress?: (c: Context) => string | undefined;
}

/** What only a runtime entry can provide: its database driver and, on Node, Redis over TCP. */
export interface Platform {
  openDatabase(config: Config): Promise<DatabaseHandle>;
  /** False where no client state may span two requests (Workers): the Upstash client then sends each command alone. */
  upstashAutoPipelining?: boolean;
  openRedis?(url: string): Promise<Cache>;
  /** Redis pub/sub on `channel`, to tell this deployment's other processes what a write changed. */
  openRedisBus?(url: string, channel: string): Promise<InvalidationBus>;
  logger?: Logger;
}

export const PUBLIC_PAGES_CHANNEL = 'public-pages:invalidate:v1';

export async function openCache(
  config: Config,
  platform: Omit<Platform, 'openDatabase'>,
  logger: Logger,
): Promise<Deps['cache']> {
  switch (config.cache.kind) {
    case 'upstash': {
      const { url, token } = config.cache;
      return withFallback(createUpstashCache({ url, token, autoPipelining: platform.upstashAutoPipelining }), logger);
    }
    case 'redis': {
      if (!platform.openRedis) throw new Error('REDIS_URL needs a TCP runtime; on the edge use UPSTASH_REDIS_REST_URL');
      return withFallback(await platform.openRedis(config.cache.url), logger);
    }
    case 'memory':
      return createMemoryCache();
  }
}

/**
 * Public pages live in each process's memory where its writes can reach every process: over Redis
 * pub/sub with REDIS_URL, or trivially with no Redis at all (one process). A hit then costs no round
 * trip. Over Upstash (HTTP, no subscriptions; Workers) they live in the shared cache instead.
 */
export async function openPublicPages(
  config: Config,
  platform: Omit<Platform, 'openDatabase'>,
  cache: Cache,
): Promise<PageStore> {
  switch (config.cache.kind) {
    case 'upstash':
      return sharedPageStore(cache);
    case 'redis': {
      if (!platform.openRedisBus) return sharedPageStore(cache);
      const bus = await platform.openRedisBus(config.cache.url, PUBLIC_PAGES_CHANNEL);
      return createLocalPageStore({ bus, maxBytes: config.publicPageCacheBytes });
    }
    case 'memory':
      return createLocalPageStore({ bus: createLocalBus(), maxBytes: config.publicPageCacheBytes });
  }
}

/** Everything but the database: what a Worker keeps per isolate while its database client is per request. */
export async function buildSharedDeps(
  config: Config,
  platform: Omit<Platform, 'openDatabase'>,
): Promise<Omit<Deps, 'database'>> {
  const logger = platform.logger ?? createLogger(config.logLevel);
  const cache = await openCache(config, platform, logger);
  const publicPages = await openPublicPages(config, platform, cache);
  const mailer = config.emailWebhookUrl
    ? createWebhookMailer(config.emailWebhookUrl)
    : createLogMailer(logger, { showLinks: config.env === 'development' });
  return {
    config,
    cache,
    publicPages,
    mailer,
    clock: systemClock,
    logger,
    signer: new TokenSigner(config.jwtSecret),
  };
}

export async function buildDeps(config: Config, platform: Platform): Promise<Deps> {
  const shared = await buildSharedDeps(config, platform);
  return { ...shared, database: await platform.openDatabase(config) };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.publicPages.close(), deps.cache.close(), deps.database.close()]);
}
