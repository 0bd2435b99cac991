import type { Deps } from '../../deps.ts';
import { notFound, preconditionFailed } from '../../errors.ts';
import { parseIfMatch } from '../../http/etag.ts';
import { type ArticleRow, articlesChanged, insertArticle } from '../articles/articles.service.ts';
import { articleInputOf } from './draft-article.ts';
import { createDraftsRepository } from './drafts.repository.ts';
import type { PublishDraftBody } from './drafts.schemas.ts';

/**
 * Turns a draft into an article in one transaction: either the article exists and the draft is
 * gone (or kept, with `keepDraft`), or nothing changed. The draft row stays locked from the read to
 * the commit, so an autosave racing the publish either lands before it or finds the draft gone.
 */
export async function publishDraft(
  deps: Deps,
  userId: string,
  id: string,
  body: PublishDraftBody,
  ifMatch: string | undefined,
): Promise<ArticleRow> {
  const expected = parseIfMatch(ifMatch);
  const article = await deps.database.db.transaction(async (tx) => {
    const drafts = createDraftsRepository(tx);
    const draft = await drafts.findForUpdate(userId, id);
    if (!draft) throw notFound('draft');
    if (expected === null || (typeof expected === 'number' && expected !== draft.version)) {
      throw preconditionFailed();
    }
    const input = articleInputOf(draft, { status: body.status ?? 'PUBLISHED', slug: body.slug });
    const created = await insertArticle(tx, deps.clock, userId, input);
    if (!body.keepDraft && !(await drafts.delete(userId, id))) {
      throw new Error('the locked draft could not be deleted');
    }
    return created;
  });
  // After the commit: a reader must not be served a cached answer from before the article existed.
  await articlesChanged(deps, userId, ...(article.status === 'PUBLISHED' ? [article.slug] : []));
  return article;
}
