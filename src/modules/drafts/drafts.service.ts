import type { Clock } from '../../clock.ts';
import { decodeCursor, type Page, toPage } from '../../db/cursor.ts';
import type { Database } from '../../db/database.ts';
import { notFound, preconditionFailed } from '../../errors.ts';
import { type ArticleRow, insertArticle } from '../articles/articles.service.ts';
import type { ContentWriter } from '../articles/content-writer.ts';
import { articleInputOf } from './draft-article.ts';
import { createDraftsRepository, type DraftChanges, type DraftRow } from './drafts.repository.ts';
import type { CreateDraftBody, PublishDraftBody, UpdateDraftBody } from './drafts.schemas.ts';

export interface DraftsServiceDeps {
  db: Database;
  clock: Clock;
  content: ContentWriter;
}

export type DraftsService = ReturnType<typeof createDraftsService>;

/**
 * Drafts take `expectedVersion` from If-Match: without it the last write wins; with it, a stale
 * version changes nothing and is 412.
 */
export function createDraftsService({ db, clock, content }: DraftsServiceDeps) {
  const repository = createDraftsRepository(db);

  /** When a conditional write touched nothing: 412 if the draft is there (another version), else 404. */
  async function missOf(userId: string, id: string, expectedVersion: number | undefined) {
    if (expectedVersion !== undefined && (await repository.exists(userId, id))) return preconditionFailed();
    return notFound('draft');
  }

  return {
    create(userId: string, body: CreateDraftBody): Promise<DraftRow> {
      return repository.insert(
        userId,
        {
          title: body.title,
          config: body.config,
          sections: body.sections,
          metadata: body.metadata ?? null,
          ctaContent: body.ctaContent ?? null,
          autosave: body.autosave ?? true,
        },
        clock.now(),
      );
    },

    async get(userId: string, id: string): Promise<DraftRow> {
      const row = await repository.find(userId, id);
      if (!row) throw notFound('draft');
      return row;
    },

    async list(userId: string, query: { limit: number; cursor?: string }): Promise<Page<DraftRow>> {
      const rows = await repository.list(userId, query.limit, decodeCursor(query.cursor));
      return toPage(rows, query.limit, (row) => ({ at: row.updatedAt, id: row.id }));
    },

    async update(userId: string, id: string, body: UpdateDraftBody, expectedVersion?: number): Promise<DraftRow> {
      const changes: DraftChanges = {};
      if (body.title !== undefined) changes.title = body.title;
      if (body.config !== undefined) changes.config = body.config;
      if (body.sections !== undefined) changes.sections = body.sections;
      if (body.metadata !== undefined) changes.metadata = body.metadata;
      if (body.ctaContent !== undefined) changes.ctaContent = body.ctaContent;
      if (body.autosave !== undefined) changes.autosave = body.autosave;
      const row = await repository.update(userId, id, changes, clock.now(), expectedVersion);
      if (!row) throw await missOf(userId, id, expectedVersion);
      return row;
    },

    async remove(userId: string, id: string, expectedVersion?: number): Promise<void> {
      if (!(await repository.delete(userId, id, expectedVersion))) throw await missOf(userId, id, expectedVersion);
    },

    /**
     * Turns a draft into an article in one content write: either the article exists and the draft is
     * gone (or kept, with `keepDraft`), or nothing changed. The draft row stays locked from the read to
     * the commit, so an autosave racing the publish either lands before it or finds the draft gone.
     */
    publish(userId: string, id: string, body: PublishDraftBody, expectedVersion?: number): Promise<ArticleRow> {
      return content.write(userId, (touched) =>
        db.transaction(async (tx) => {
          const drafts = createDraftsRepository(tx);
          const draft = await drafts.findForUpdate(userId, id);
          if (!draft) throw notFound('draft');
          if (expectedVersion !== undefined && expectedVersion !== draft.version) throw preconditionFailed();
          const input = articleInputOf(draft, { status: body.status ?? 'PUBLISHED', slug: body.slug });
          const article = await insertArticle(tx, touched, clock, userId, input);
          if (!body.keepDraft && !(await drafts.delete(userId, id))) {
            throw new Error('the locked draft could not be deleted');
          }
          return article;
        }),
      );
    },
  };
}
