import type { Context } from 'hono';
import type { Cache } from './cache/cache.ts';
import { createMemoryCache } from './cache/memory.ts';
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

/** Everything the app is built from; no module holds state of its own. */
export interface Deps {
  config: Config;
  database: DatabaseHandle;
  cache: Cache & Partial<CacheHealth>;
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
  openRedis?(url: string): Promise<Cache>;
  logger?: Logger;
}

export async function openCache(config: Config, platform: Platform, logger: Logger): Promise<Deps['cache']> {
  switch (config.cache.kind) {
    case 'upstash':
      return withFallback(createUpstashCache({ url: config.cache.url, token: config.cache.token }), logger);
    case 'redis': {
      if (!platform.openRedis) throw new Error('REDIS_URL needs a TCP runtime; on the edge use UPSTASH_REDIS_REST_URL');
      return withFallback(await platform.openRedis(config.cache.url), logger);
    }
    case 'memory':
      return createMemoryCache();
  }
}

export async function buildDeps(config: Config, platform: Platform): Promise<Deps> {
  const logger = platform.logger ?? createLogger(config.logLevel);
  const database = await platform.openDatabase(config);
  const cache = await openCache(config, platform, logger);
  const mailer = config.emailWebhookUrl
    ? createWebhookMailer(config.emailWebhookUrl)
    : createLogMailer(logger, { showLinks: config.env === 'development' });
  return { config, database, cache, mailer, clock: systemClock, logger, signer: new TokenSigner(config.jwtSecret) };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.cache.close(), deps.database.close()]);
}
