import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drafts } from '../../drizzle/index.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { usesPostgres } from '../helpers/database.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { type ApiProcess, startApiProcess, tokenValidNow } from './processes.ts';

const WRITERS = 8;
const DRAIN_TIMEOUT_MS = 5000;

interface Acknowledged {
  version: number;
  title: string;
}

// SIGTERM during a steady load of draft autosaves: every PATCH that got a 2xx is in the database,
// nothing was written whose answer was lost, and the process exits within the drain timeout.
describe.skipIf(!usesPostgres())('graceful shutdown', () => {
  let ctx: TestContext;
  let user: TestUser;
  let token: string;
  let server: ApiProcess;
  let baseUrl: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    user = await createUser(ctx);
    token = await tokenValidNow(ctx, user.id);
    server = await startApiProcess(ctx.database.url ?? '', { SHUTDOWN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS) });
    baseUrl = server.url;
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await ctx?.close();
  });

  it('drains in-flight autosaves on SIGTERM and loses none that were acknowledged', async () => {
    const rows = await ctx.database.db
      .insert(drafts)
      .values(
        Array.from({ length: WRITERS }, (_, index) => ({
          userId: user.id,
          title: `writer ${index} v0`,
          config: {},
          sections: [{ content: 'x'.repeat(2000) }],
        })),
      )
      .returning({ id: drafts.id, version: drafts.version });

    const acknowledged = new Map<string, Acknowledged>();
    const failures = new Map<string, number>();
    let sent = 0;
    const writer = async (id: string, startVersion: number, index: number) => {
      let version = startVersion;
      for (let step = 1; ; step++) {
        const title = `writer ${index} v${step}`;
        let response: Response;
        try {
          sent++;
          response = await fetch(`${baseUrl}/v1/drafts/${id}`, {
            method: 'PATCH',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'if-match': `"${version}"`,
            },
            body: JSON.stringify({ title, sections: [{ content: `${title} ${'y'.repeat(2000)}` }] }),
          });
        } catch {
          return; // The server stopped accepting: this writer is done.
        }
        await response.arrayBuffer();
        if (response.status !== 200) {
          failures.set(String(response.status), (failures.get(String(response.status)) ?? 0) + 1);
          return;
        }
        version = Number((response.headers.get('etag') ?? '').replaceAll('"', ''));
        acknowledged.set(id, { version, title });
      }
    };
    const load = Promise.all(rows.map((row, index) => writer(row.id, row.version, index)));

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const signalledAt = Date.now();
      server.process.once('exit', (code) => resolve({ code, ms: Date.now() - signalledAt }));
    });
    server.process.kill('SIGTERM');
    const { code, ms } = await exited;
    await load;

    console.log(
      `shutdown: ${sent} autosaves sent, ${[...acknowledged.values()].length} writers acknowledged, exit ${code} after ${ms} ms, non-2xx ${JSON.stringify(Object.fromEntries(failures))}`,
    );
    expect(code).toBe(0);
    expect(ms).toBeLessThan(DRAIN_TIMEOUT_MS + 2000);
    expect([...failures.keys()].filter((status) => status.startsWith('5'))).toEqual([]);
    expect(acknowledged.size).toBe(WRITERS);
    for (const row of rows) {
      const [stored] = await ctx.database.db
        .select({ version: drafts.version, title: drafts.title })
        .from(drafts)
        .where(eq(drafts.id, row.id));
      expect(stored).toEqual(acknowledged.get(row.id));
    }
  }, 30_000);
});
