import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/postgres.ts';
import { createTestContext } from '../helpers/context.ts';
import { usesPostgres } from '../helpers/database.ts';
import { call } from '../helpers/http.ts';

describe('timeouts', () => {
  it('answers a request that outlives REQUEST_TIMEOUT_MS with 503 and Retry-After', async () => {
    const ctx = await createTestContext({ env: { REQUEST_TIMEOUT_MS: '150' } });
    try {
      ctx.app.get('/slow-test', async (c) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return c.json({ late: true });
      });
      const startedAt = Date.now();
      const response = await call(ctx.app, 'GET', '/slow-test');
      expect(Date.now() - startedAt).toBeLessThan(900);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('1');
    } finally {
      await ctx.close();
    }
  });

  it.skipIf(!usesPostgres())('cancels a statement past STATEMENT_TIMEOUT_MS and answers 503, not 500', async () => {
    const base = await createTestContext();
    const database = openPostgres({ url: base.database.url ?? '', poolMax: 2, statementTimeoutMs: 100 });
    const ctx = await createTestContext({ deps: { database } });
    try {
      ctx.app.get('/slow-query-test', async (c) => {
        await database.db.execute(sql`select pg_sleep(2)`);
        return c.json({ late: true });
      });
      const response = await call(ctx.app, 'GET', '/slow-query-test');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.text).not.toContain('pg_sleep');
      // The connection went back to the pool in working order.
      await expect(database.db.execute(sql`select 1`)).resolves.toBeDefined();
    } finally {
      await database.close();
      await ctx.close();
      await base.close();
    }
  });
});
