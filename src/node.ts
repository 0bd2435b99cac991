import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { createRedisCache } from './cache/redis.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { buildDeps, closeDeps } from './deps.ts';
import { withDevSecrets } from './dev-secrets.ts';
import { loadScalarBundle } from './http/scalar-bundle.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(await withDevSecrets(process.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const deps = await buildDeps(config, { openDatabase, openRedis: createRedisCache });
  deps.clientAddress = (c) => getConnInfo(c).remote.address;
  const app = createApp(deps, { scalarBundle: await loadScalarBundle() });

  let inFlight = 0;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    deps.logger.info('listening', {
      url: `http://localhost:${info.port}`,
      docs: `http://localhost:${info.port}/docs`,
      database: deps.database.driver,
      cache: deps.cache.kind,
    });
  });
  // A client that trickles its request in is cut off, so slow senders cannot pile up sockets.
  if ('requestTimeout' in server) {
    server.requestTimeout = config.requestTimeoutMs;
    server.headersTimeout = Math.min(config.requestTimeoutMs, 10_000);
  }
  server.on('request', (_request, response) => {
    inFlight++;
    response.once('close', () => inFlight--);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down', { signal, inFlight });
    // Stop accepting, let in-flight requests finish (up to the drain timeout), then close the pool.
    server.close();
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    const deadline = Date.now() + config.shutdownTimeoutMs;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    if (inFlight > 0) deps.logger.warn('drain timeout reached', { inFlight });
    await closeDeps(deps);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
