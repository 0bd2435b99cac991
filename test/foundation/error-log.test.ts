import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drafts } from '../../drizzle/index.ts';
import { createTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

// Query errors carry their bound parameters (a password hash, a token hash) in their message; the
// error log keeps the SQL and the SQLSTATE, never the parameters.
describe('the error log of a failed query', () => {
  it('holds the SQL and the code but none of the bound values', async () => {
    const ctx = await createTestContext();
    try {
      ctx.app.get('/failing-query-test', async (c) => {
        await ctx.database.db.execute(sql`select ${'SECRET-HASH-VALUE'}::text as leaked, 1 / ${0} as boom`);
        return c.json({});
      });
      const response = await call(ctx.app, 'GET', '/failing-query-test', { contract: false });
      expect(response.status).toBe(500);
      const log = ctx.logLines.join('\n');
      expect(log).toContain('request failed');
      expect(log).toContain('1 / $2');
      expect(log).toContain('22012');
      expect(log).not.toContain('SECRET-HASH-VALUE');
    } finally {
      await ctx.close();
    }
  });

  it('answers a write whose referenced row vanished meanwhile with 409, not 500', async () => {
    const ctx = await createTestContext();
    try {
      ctx.app.get('/vanished-owner-test', async (c) => {
        await ctx.database.db
          .insert(drafts)
          .values({ userId: crypto.randomUUID(), title: 't', config: {}, sections: [] });
        return c.json({});
      });
      const response = await call(ctx.app, 'GET', '/vanished-owner-test', { contract: false });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await ctx.close();
    }
  });
});
