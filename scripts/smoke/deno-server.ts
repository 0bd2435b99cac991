/**
 * Serves the app with Deno's own HTTP server:
 * `deno run -A --node-modules-dir=manual scripts/smoke/deno-server.ts` (npm packages from node_modules).
 */
import { buildPortableApp } from './app.ts';

interface DenoServer {
  shutdown(): Promise<void>;
}
declare const Deno: {
  version: { deno: string };
  env: { toObject(): Record<string, string> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
  serve(
    options: { port: number; hostname: string; onListen?(address: { port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): DenoServer;
};

const { app, deps, config } = await buildPortableApp(Deno.env.toObject());
const server = Deno.serve(
  {
    port: config.port,
    hostname: config.host,
    onListen: ({ port }) => deps.logger.info('listening', { runtime: `deno ${Deno.version.deno}`, port }),
  },
  (request, info) => app.fetch(request, { remoteAddress: info.remoteAddr.hostname }),
);

const stop = async () => {
  await server.shutdown();
  await deps.database.close();
  Deno.exit(0);
};
Deno.addSignalListener('SIGTERM', () => void stop());
Deno.addSignalListener('SIGINT', () => void stop());
