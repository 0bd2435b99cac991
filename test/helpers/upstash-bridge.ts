/**
 * A small Upstash-REST-compatible endpoint in front of a real Redis, so the HTTP cache adapter
 * (and the edge build) can be tested against real Redis semantics without Docker or a network.
 *
 * Protocol (what @upstash/redis speaks):
 *   POST /            body ["SET","k","v"]          → 200 {"result": …} | 400 {"error": "…"}
 *   POST /pipeline    body [["SET","k","v"], …]     → 200 [{"result": …} | {"error": "…"}, …]
 *   POST /multi-exec  the same, inside MULTI/EXEC   → 200 [{"result": …} | {"error": "…"}, …]
 *   Authorization: Bearer <token> (401 otherwise). With `Upstash-Encoding: base64` every string
 *   in a result is base64 except the literal OK; integers stay numbers, nil is null.
 *
 * Runnable on its own: REDIS_URL=redis://127.0.0.1:6379 UPSTASH_TOKEN=dev PORT=8079 tsx test/helpers/upstash-bridge.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';

export interface UpstashBridgeOptions {
  redisUrl: string;
  token: string;
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
}

export interface UpstashBridge {
  url: string;
  token: string;
  close(): Promise<void>;
}

type Reply = { result: unknown } | { error: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A RESP2 reply (Buffers from callBuffer) as the JSON Upstash sends. */
function encodeReply(value: unknown, base64: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    if (!base64 || text === 'OK') return text;
    return value.toString('base64');
  }
  if (typeof value === 'string') return base64 && value !== 'OK' ? Buffer.from(value).toString('base64') : value;
  if (Array.isArray(value)) return value.map((item) => encodeReply(item, base64));
  if (value instanceof Error) return null;
  return value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isCommand(value: unknown): value is (string | number)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((part) => typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean')
  );
}

const args = (command: (string | number)[]) => command.slice(1).map((part) => String(part));

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('ERR request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  // RESP2: the Upstash protocol mirrors RESP2 replies (maps as flat arrays, doubles as strings).
  const redis = new Redis(options.redisUrl, { protocol: 2, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();

  const single = async (command: unknown, base64: boolean): Promise<[number, Reply]> => {
    if (!isCommand(command)) return [400, { error: 'ERR the body must be a JSON array command' }];
    try {
      const result = await redis.callBuffer(String(command[0]), ...args(command));
      return [200, { result: encodeReply(result, base64) }];
    } catch (error) {
      return [400, { error: errorText(error) }];
    }
  };

  const batch = async (commands: unknown, base64: boolean, atomic: boolean): Promise<[number, unknown]> => {
    if (!Array.isArray(commands) || !commands.every(isCommand)) {
      return [400, { error: 'ERR the body must be a JSON array of commands' }];
    }
    const chain = atomic ? redis.multi() : redis.pipeline();
    for (const command of commands) chain.callBuffer(String(command[0]), ...args(command));
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await chain.exec();
    } catch (error) {
      // EXECABORT: a command was rejected while queueing, so nothing ran.
      return [400, { error: errorText(error) }];
    }
    if (!replies) return [400, { error: 'EXECABORT Transaction discarded' }];
    return [
      200,
      replies.map(
        ([error, result]): Reply => (error ? { error: error.message } : { result: encodeReply(result, base64) }),
      ),
    ];
  };

  const server = createServer((request, response) => {
    void (async () => {
      if (request.headers.authorization !== `Bearer ${options.token}`) {
        return send(response, 401, { error: 'Unauthorized' });
      }
      if (request.method !== 'POST') return send(response, 405, { error: 'ERR only POST is supported' });
      let body: unknown;
      try {
        body = await readBody(request);
      } catch (error) {
        return send(response, 400, { error: `ERR malformed body: ${errorText(error)}` });
      }
      const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      const path = (request.url ?? '/').split('?')[0]?.replace(/\/+$/, '') || '/';
      if (path === '/') return send(response, ...(await single(body, base64)));
      if (path === '/pipeline') return send(response, ...(await batch(body, base64, false)));
      if (path === '/multi-exec') return send(response, ...(await batch(body, base64, true)));
      return send(response, 404, { error: `ERR unknown endpoint ${path}` });
    })().catch((error) => {
      if (!response.headersSent) send(response, 500, { error: errorText(error) });
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    token: options.token,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

// Standalone: `tsx test/helpers/upstash-bridge.ts` (env REDIS_URL, UPSTASH_TOKEN, PORT, HOST).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bridge = await startUpstashBridge({
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    token: process.env.UPSTASH_TOKEN ?? 'dev-token',
    port: Number(process.env.PORT ?? 8079),
    host: process.env.HOST,
  });
  console.log(`Upstash REST bridge on ${bridge.url} → ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}`);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
