import type { IncomingMessage, ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { createRedisCache } from './cache/redis.ts';
import { createRedisBus } from './cache/redis-bus.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { buildDeps, closeDeps } from './deps.ts';
import { withDevSecrets } from './dev-secrets.ts';
import { createLineBuffer, createLogger } from './logger.ts';
import { loadScalarBundle } from './openapi/scalar-bundle.ts';
import { createServices } from './services.ts';

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

  // Straight to stdout (console.log's formatting costs more than the access log itself), one write
  // per turn of the event loop; whatever is buffered goes out before the process exits.
  const lines = createLineBuffer((chunk) => process.stdout.write(chunk), setImmediate);
  process.on('exit', () => lines.flush());
  const logger = createLogger(config.logLevel, (line) => lines.write(line));
  const deps = await buildDeps(config, {
    openDatabase,
    openRedis: createRedisCache,
    openRedisBus: createRedisBus,
    logger,
  });
  deps.clientAddress = (c) => getConnInfo(c).remote.address;
  const app = createApp(createServices(deps), { scalarBundle: await loadScalarBundle() });

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
  let stopping = false;
  const openResponses = new Set<ServerResponse>();
  // During shutdown every answer says `Connection: close`, so a keep-alive client does not send
  // another request on a socket whose server is about to close its database pool.
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping) response.setHeader('Connection', 'close');
    openResponses.add(response);
    response.once('close', () => openResponses.delete(response));
  });

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down', { signal, inFlight: openResponses.size });
    for (const response of openResponses) if (!response.headersSent) response.setHeader('Connection', 'close');
    // Stop accepting, let in-flight requests finish (up to the drain timeout), then close the pool.
    server.close();
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    const deadline = Date.now() + config.shutdownTimeoutMs;
    while (openResponses.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    if (openResponses.size > 0) deps.logger.warn('drain timeout reached', { inFlight: openResponses.size });
    await closeDeps(deps);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

await main();
