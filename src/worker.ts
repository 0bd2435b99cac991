import type { MiddlewareHandler } from 'hono';
import { type App, createApp } from './app.ts';
import { ConfigError, type ConfigSource, loadConfig } from './config.ts';
import { openPostgres } from './db/postgres.ts';
import { buildSharedDeps } from './deps.ts';
import { serviceUnavailable } from './errors.ts';
import type { AppEnv } from './router.ts';
import { createServices, createSharedParts } from './services.ts';

/** The bindings this Worker reads: plain vars and secrets (strings) and an optional Hyperdrive binding. */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  [binding: string]: unknown;
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** The runtime's context for one request, which also knows when the work deferred with `waitUntil` has settled. */
class RequestContext implements WorkerContext {
  readonly #pending: Promise<unknown>[] = [];
  constructor(private readonly runtime: WorkerContext) {}
  waitUntil(promise: Promise<unknown>): void {
    this.#pending.push(promise);
    this.runtime.waitUntil(promise);
  }
  passThroughOnException(): void {
    this.runtime.passThroughOnException?.();
  }
  settled(): Promise<unknown> {
    return Promise.allSettled(this.#pending);
  }
}

/** Bindings as a config source: strings only, and Hyperdrive's connection string wins over DATABASE_URL. */
export function configSource(env: WorkerEnv): ConfigSource {
  const source: ConfigSource = { NODE_ENV: 'production' };
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') source[name] = value;
  if (env.HYPERDRIVE?.connectionString) source.DATABASE_URL = env.HYPERDRIVE.connectionString;
  return source;
}

/**
 * The app, routes, caches, limiters and signer are built once per isolate. workerd forbids using a
 * socket opened during one request from another, so the PostgreSQL client is opened per request by a
 * middleware, with the services over it, and reaches the handlers as `c.var.services`.
 */
async function startIsolate(env: WorkerEnv): Promise<App> {
  const config = loadConfig(configSource(env));
  const databaseUrl = config.database.url;
  if (!databaseUrl) throw new ConfigError(['DATABASE_URL: required on Workers (or a HYPERDRIVE binding)']);
  const deps = await buildSharedDeps(config, { upstashAutoPipelining: false });
  // Cloudflare sets cf-connecting-ip at its edge and overwrites any value a client sends.
  deps.clientAddress = (c) => c.req.header('cf-connecting-ip');
  const shared = createSharedParts(deps);
  // Through Hyperdrive's pooler a startup parameter is not guaranteed to reach the server: there the
  // timeout belongs on the database role (docs/deploy.md).
  const statementTimeoutMs = env.HYPERDRIVE ? undefined : config.database.statementTimeoutMs;

  const provideServices: MiddlewareHandler<AppEnv> = async (c, next) => {
    const database = openPostgres({ url: databaseUrl, poolMax: 1, fetchTypes: false, statementTimeoutMs });
    c.set('services', createServices({ ...deps, database }, shared));
    try {
      await next();
    } finally {
      // Closed after the response and every task deferred with waitUntil (an email, say), never
      // before: postgres.js refuses queries once end() has been called.
      const context = c.executionCtx as unknown as RequestContext;
      context.waitUntil(
        context
          .settled()
          .then(() => database.close())
          .catch(() => {}),
      );
    }
  };
  return createApp({ config, logger: deps.logger, provideServices });
}

let isolate: Promise<App> | undefined;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    // Bindings do not change within an isolate: a bad config stays bad (and is logged once) until
    // the next deploy.
    isolate ??= startIsolate(env).catch((error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : 'worker failed to start');
      throw error;
    });
    let app: App;
    try {
      app = await isolate;
    } catch {
      const problem = serviceUnavailable('The server is misconfigured.', 60);
      return new Response(JSON.stringify(problem.toProblem()), {
        status: problem.status,
        headers: { ...problem.headers, 'content-type': 'application/problem+json' },
      });
    }
    return app.fetch(request, env, new RequestContext(ctx) as never);
  },
};
