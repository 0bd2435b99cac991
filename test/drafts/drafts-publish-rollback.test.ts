import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { createDraft, draftRow } from './draft-fixtures.ts';

const ctx = useTestContext();

/**
 * A failure injected into the database itself, so the production code runs unchanged: deleting a
 * draft raises an error. Before raising, the trigger advances a sequence (sequences ignore
 * rollbacks) when the article of the same transaction is already there: the proof that the
 * failure came after the insert.
 */
async function injectDraftDeleteFailure() {
  const db = ctx.current.database.db;
  await db.execute(sql.raw('CREATE SEQUENCE IF NOT EXISTS test_failed_after_insert'));
  await db.execute(
    sql.raw(`CREATE OR REPLACE FUNCTION test_fail_draft_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM articles WHERE user_id = OLD.user_id AND title = OLD.title) THEN
    PERFORM nextval('test_failed_after_insert');
    RAISE EXCEPTION 'injected failure after the article insert';
  END IF;
  RAISE EXCEPTION 'injected failure before the article insert';
END $$`),
  );
  await db.execute(
    sql.raw(
      'CREATE TRIGGER test_fail_draft_delete BEFORE DELETE ON drafts FOR EACH ROW EXECUTE FUNCTION test_fail_draft_delete()',
    ),
  );
}

async function failuresAfterInsert(): Promise<number> {
  const [row] = await rowsOf<{ n: number | string }>(
    ctx.current.database.db,
    sql.raw('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM test_failed_after_insert'),
  );
  return Number(row?.n);
}

afterEach(async () => {
  await ctx.current.database.db.execute(sql.raw('DROP TRIGGER IF EXISTS test_fail_draft_delete ON drafts'));
});

describe('publishing a draft when the draft delete fails', () => {
  it('rolls the whole transaction back: no article, the draft unchanged', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user, { title: 'Rollback candidate' });
    const before = await draftRow(ctx.current, draft.id);
    await injectDraftDeleteFailure();

    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { slug: 'rollback-candidate' },
    });

    expect(response.status).toBe(500);
    expect(response.text).not.toContain('injected');
    expect(await failuresAfterInsert()).toBe(1);
    expect(ctx.current.logLines.join('\n')).toContain('"msg":"request failed"');
    expect(await ctx.current.database.db.select().from(articles).where(eq(articles.userId, user.id))).toEqual([]);
    expect(await draftRow(ctx.current, draft.id)).toEqual(before);

    // The slug the rolled-back article held is free again.
    await ctx.current.database.db.execute(sql.raw('DROP TRIGGER test_fail_draft_delete ON drafts'));
    const retry = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { slug: 'rollback-candidate' },
    });
    expect(retry.status).toBe(201);
    expect(await draftRow(ctx.current, draft.id)).toBeUndefined();
  });

  it('is not touched by keepDraft, which deletes nothing', async () => {
    const user = await createUser(ctx.current);
    const { draft } = await createDraft(ctx.current, user, { title: 'Kept despite the trigger' });
    await injectDraftDeleteFailure();
    const response = await call(ctx.current.app, 'POST', `/v1/drafts/${draft.id}/publish`, {
      token: user.token,
      body: { keepDraft: true },
    });
    expect(response.status).toBe(201);
    expect(await draftRow(ctx.current, draft.id)).toBeDefined();
  });
});
