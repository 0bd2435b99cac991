import { AsyncLocalStorage } from 'node:async_hooks';
import { type App, createApp } from './app.ts';
import type { Cache } from './cache/cache.ts';
import { sharedPageStore } from './cache/page-cache.ts';
import { withFallback } from './cache/resilient.ts';
import { createUpstashCache } from './cache/upstash.ts';
import { type Config, ConfigError, type ConfigSource, loadConfig } from './config.ts';
import type { Database, DatabaseHandle } from './db/database.ts';
import { openPostgres } from './db/postgres.ts';
import { buildDeps } from './deps.ts';
import { serviceUnavailable } from './errors.ts';

/** The bindings this Worker reads: plain vars and secrets (strings) and an optional Hyperdrive binding. */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  [binding: string]: unknown;
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/**
 * workerd forbids using a socket opened during one request from another, so the PostgreSQL client
 * and the Upstash client are made per request. The app itself (routes, schemas, signer) is built
 * once per isolate and reaches the request's clients through this scope.
 */
interface RequestScope {
  database: DatabaseHandle;
  upstash?: Cache;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

function currentScope(): RequestScope {
  const scope = requestScope.getStore();
  if (!scope) throw new Error('database or cache used outside a request');
  return scope;
}

/** A Drizzle database that forwards every call to the client of the request being served. */
const scopedDb = new Proxy({} as Database, {
  get(_target, property) {
    const db = currentScope().database.db;
    const value = Reflect.get(db, property, db);
    return typeof value === 'function' ? value.bind(db) : value;
  },
});

const scopedDatabase: DatabaseHandle = {
  // Inside a request: that request's own client, so whatever a module caches per database object
  // (prepared statements) is per client too. Outside one (a module wiring itself while the app is
  // built): the proxy, which forwards each later call to the client of the request making it.
  get db() {
    return requestScope.getStore()?.database.db ?? scopedDb;
  },
  driver: 'postgres',
  ping: () => currentScope().database.ping(),
  // Nothing to close per isolate; each request closes its own client (see fetch).
  close: async () => {},
};

function scopedUpstash(): Cache {
  const remote = () => {
    const cache = currentScope().upstash;
    if (!cache) throw new Error('no Upstash client in this request');
    return cache;
  };
  return {
    kind: 'upstash',
    get: (key) => remote().get(key),
    set: (key, value, ttl) => remote().set(key, value, ttl),
    getRaw: (keys) => remote().getRaw(keys),
    setRaw: (key, value, ttl) => remote().setRaw(key, value, ttl),
    setIfAbsent: (key, value, ttl) => remote().setIfAbsent(key, value, ttl),
    delete: (...keys) => remote().delete(...keys),
    increment: (key, window) => remote().increment(key, window),
    ping: () => remote().ping(),
    close: async () => {},
  };
}

/** Bindings as a config source: strings only, and Hyperdrive's connection string wins over DATABASE_URL. */
export function configSource(env: WorkerEnv): ConfigSource {
  const source: ConfigSource = { NODE_ENV: 'production' };
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') source[name] = value;
  if (env.HYPERDRIVE?.connectionString) source.DATABASE_URL = env.HYPERDRIVE.connectionString;
  return source;
}

interface Isolate {
  app: App;
  config: Config;
  databaseUrl: string;
  statementTimeoutMs?: number;
}

async function startIsolate(env: WorkerEnv): Promise<Isolate> {
  const config = loadConfig(configSource(env));
  const databaseUrl = config.database.url;
  if (!databaseUrl) throw new ConfigError(['DATABASE_URL: required on Workers (or a HYPERDRIVE binding)']);
  const deps = await buildDeps(config, { openDatabase: async () => scopedDatabase });
  // The failure fallback (memory counters, health flag) lives per isolate; only the HTTP client is per request.
  const cache = config.cache.kind === 'upstash' ? withFallback(scopedUpstash(), deps.logger) : deps.cache;
  // Cloudflare sets cf-connecting-ip at its edge and overwrites any value a client sends.
  // Public pages go in the shared cache over Upstash; with no Upstash, in the isolate's memory.
  const publicPages = config.cache.kind === 'upstash' ? sharedPageStore(cache) : deps.publicPages;
  const app = createApp({ ...deps, cache, publicPages, clientAddress: (c) => c.req.header('cf-connecting-ip') });
  // Through Hyperdrive's pooler a startup parameter is not guaranteed to reach the server: there the
  // timeout belongs on the database role (docs/deploy.md).
  const statementTimeoutMs = env.HYPERDRIVE ? undefined : config.database.statementTimeoutMs;
  return { app, config, databaseUrl, statementTimeoutMs };
}

let isolate: Promise<Isolate> | undefined;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    // Bindings do not change within an isolate: a bad config stays bad (and is logged once) until
    // the next deploy.
    isolate ??= startIsolate(env).catch((error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : 'worker failed to start');
      throw error;
    });
    let started: Isolate;
    try {
      started = await isolate;
    } catch {
      const problem = serviceUnavailable('The server is misconfigured.', 60);
      return new Response(JSON.stringify(problem.toProblem()), {
        status: problem.status,
        headers: { ...problem.headers, 'content-type': 'application/problem+json' },
      });
    }
    const { app, config, databaseUrl, statementTimeoutMs } = started;
    const scope: RequestScope = {
      database: openPostgres({ url: databaseUrl, poolMax: 1, fetchTypes: false, statementTimeoutMs }),
      upstash:
        config.cache.kind === 'upstash'
          ? createUpstashCache({ url: config.cache.url, token: config.cache.token })
          : undefined,
    };
    // The client is closed after the response and every task the app deferred with waitUntil (an
    // email, say), never before: postgres.js refuses queries once end() has been called.
    const deferred: Promise<unknown>[] = [];
    const tracked: WorkerContext = {
      waitUntil: (promise) => {
        deferred.push(promise);
        ctx.waitUntil(promise);
      },
      passThroughOnException: () => ctx.passThroughOnException?.(),
    };
    const response = await requestScope.run(scope, () => app.fetch(request, env, tracked as never));
    ctx.waitUntil(
      Promise.allSettled(deferred)
        .then(() => scope.database.close())
        .catch(() => {}),
    );
    return response;
  },
};
