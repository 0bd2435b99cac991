import type { Deps } from '../../deps.ts';
import { notFound, preconditionFailed } from '../../errors.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { decodeCursor, toPage } from '../../http/pagination.ts';
import { createDraftsRepository, type DraftChanges, type DraftRow } from './drafts.repository.ts';
import { type CreateDraftBody, toDraftResponse, type UpdateDraftBody } from './drafts.schemas.ts';

type DraftDeps = Pick<Deps, 'database' | 'clock'>;

export async function createDraft(deps: DraftDeps, userId: string, body: CreateDraftBody): Promise<DraftRow> {
  return createDraftsRepository(deps.database.db).insert(
    userId,
    {
      title: body.title,
      config: body.config,
      sections: body.sections,
      metadata: body.metadata ?? null,
      ctaContent: body.ctaContent ?? null,
      autosave: body.autosave ?? true,
    },
    deps.clock.now(),
  );
}

export async function getDraft(deps: DraftDeps, userId: string, id: string): Promise<DraftRow> {
  const row = await createDraftsRepository(deps.database.db).find(userId, id);
  if (!row) throw notFound('draft');
  return row;
}

export async function listDrafts(
  deps: DraftDeps,
  userId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const cursor = decodeCursor(query.cursor);
  const rows = await createDraftsRepository(deps.database.db).list(userId, query.limit, cursor);
  return toPage(rows, query.limit, (row) => ({ at: row.updatedAt, id: row.id }), toDraftResponse);
}

/**
 * The version an `If-Match` asks for: undefined for none (or `*`, which any existing draft
 * matches), or a number. A tag we never issued can only fail, so it asks for version 0.
 */
function expectedVersionOf(ifMatch: string | undefined): number | undefined {
  const parsed = parseIfMatch(ifMatch);
  if (parsed === undefined || parsed === '*') return undefined;
  return parsed ?? 0;
}

/** When a conditional write touched nothing: 412 if the draft is there (another version), else 404. */
async function missOf(deps: DraftDeps, userId: string, id: string, expectedVersion: number | undefined) {
  if (expectedVersion !== undefined && (await createDraftsRepository(deps.database.db).exists(userId, id))) {
    return preconditionFailed();
  }
  return notFound('draft');
}

/** Without `If-Match` the last write wins; with it, a stale version changes nothing and is 412. */
export async function updateDraft(
  deps: DraftDeps,
  userId: string,
  id: string,
  body: UpdateDraftBody,
  ifMatch: string | undefined,
): Promise<DraftRow> {
  const expectedVersion = expectedVersionOf(ifMatch);
  const changes: DraftChanges = {};
  if (body.title !== undefined) changes.title = body.title;
  if (body.config !== undefined) changes.config = body.config;
  if (body.sections !== undefined) changes.sections = body.sections;
  if (body.metadata !== undefined) changes.metadata = body.metadata;
  if (body.ctaContent !== undefined) changes.ctaContent = body.ctaContent;
  if (body.autosave !== undefined) changes.autosave = body.autosave;
  const repository = createDraftsRepository(deps.database.db);
  const row = await repository.update(userId, id, changes, deps.clock.now(), expectedVersion);
  if (!row) throw await missOf(deps, userId, id, expectedVersion);
  return row;
}

export async function deleteDraft(
  deps: DraftDeps,
  userId: string,
  id: string,
  ifMatch: string | undefined,
): Promise<void> {
  const expectedVersion = expectedVersionOf(ifMatch);
  const isDeleted = await createDraftsRepository(deps.database.db).delete(userId, id, expectedVersion);
  if (!isDeleted) throw await missOf(deps, userId, id, expectedVersion);
}
