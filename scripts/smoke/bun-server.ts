/** Serves the app with Bun's own HTTP server: `bun run scripts/smoke/bun-server.ts` (env as for Node). */
import { buildPortableApp } from './app.ts';

interface BunServer {
  port: number;
  requestIP(request: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
declare const Bun: {
  version: string;
  serve(options: {
    port: number;
    hostname: string;
    fetch(request: Request, server: BunServer): Response | Promise<Response>;
  }): BunServer;
};

const { app, deps, config } = await buildPortableApp(process.env);
const server = Bun.serve({
  port: config.port,
  hostname: config.host,
  fetch: (request, bun) => app.fetch(request, { remoteAddress: bun.requestIP(request)?.address }),
});
deps.logger.info('listening', { runtime: `bun ${Bun.version}`, port: server.port });

const stop = async () => {
  await server.stop();
  await deps.database.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
