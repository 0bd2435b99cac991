import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { usesPostgres } from '../helpers/database.ts';
import { createUser } from '../helpers/factories.ts';
import { type ApiProcess, startApiProcess, tokenValidNow, waitFor } from './processes.ts';

const POOL_SIZE = 2;
const SLOW_CLIENTS = 40;

// Clients that send their request a byte at a time must not hold database connections: the body is
// read in full before any route touches the pool, and the server cuts such clients off.
describe.skipIf(!usesPostgres())('slow clients', () => {
  let ctx: TestContext;
  let server: ApiProcess;
  let port: number;
  let token: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    const user = await createUser(ctx);
    token = await tokenValidNow(ctx, user.id);
    server = await startApiProcess(ctx.database.url ?? '', {
      DB_POOL_MAX: String(POOL_SIZE),
      REQUEST_TIMEOUT_MS: '2000',
    });
    port = server.port;
  }, 30_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.stop();
    await ctx?.close();
  });

  it('serves other requests at once while many clients trickle bodies in, and cuts the trickles off', async () => {
    const closedAfter: number[] = [];
    const startedAt = Date.now();
    for (let index = 0; index < SLOW_CLIENTS; index++) {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => {});
      socket.on('close', () => closedAfter.push(Date.now() - startedAt));
      socket.write(
        `POST /v1/drafts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"title":"`,
      );
      const drip = setInterval(() => (socket.writable ? socket.write('a') : clearInterval(drip)), 200);
      socket.on('close', () => clearInterval(drip));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    // With a pool of two connections and forty stalled writers, reads still answer promptly.
    const timings: number[] = [];
    for (let index = 0; index < 10; index++) {
      const requestStartedAt = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/v1/articles`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      timings.push(Date.now() - requestStartedAt);
    }
    expect(Math.max(...timings)).toBeLessThan(1000);

    // The server does not wait on them forever.
    await waitFor(async () => closedAfter.length === SLOW_CLIENTS, 15_000, 'the slow clients to be cut off');
    console.log(
      `slow clients: ${SLOW_CLIENTS} trickling bodies on a pool of ${POOL_SIZE}; reads took ${Math.min(...timings)}–${Math.max(...timings)} ms; trickles cut off after ${Math.min(...closedAfter)}–${Math.max(...closedAfter)} ms`,
    );
  }, 40_000);
});
