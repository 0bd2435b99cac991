import type { Context } from 'hono';
import { createApp } from '../../src/app.ts';
import { type ConfigSource, loadConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildDeps } from '../../src/deps.ts';
import { createServices } from '../../src/services.ts';

/** What a runtime's server hands the app per request, read back by `clientAddress`. */
export interface ServerBindings {
  remoteAddress?: string;
}

/**
 * The app as Bun and Deno serve it: the same config check and `createApp` as Node, PostgreSQL
 * through postgres.js (no PGlite), and the cache the environment names (here: memory).
 */
export async function buildPortableApp(source: ConfigSource) {
  const config = loadConfig(source);
  const url = config.database.url;
  if (!url) throw new Error('DATABASE_URL is required: this entry has no embedded database');
  const deps = await buildDeps(config, {
    openDatabase: async () =>
      openPostgres({ url, poolMax: config.database.poolMax, statementTimeoutMs: config.database.statementTimeoutMs }),
  });
  deps.clientAddress = (c: Context) => (c.env as ServerBindings | undefined)?.remoteAddress;
  return { app: createApp(createServices(deps)), deps, config };
}
