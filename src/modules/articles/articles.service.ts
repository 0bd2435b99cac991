import type { ArticleStatus } from '../../../drizzle/index.ts';
import { type Bytes, encodeText } from '../../cache/cache.ts';
import type { Clock } from '../../clock.ts';
import { renderMarkdown, wordCountOfHtml } from '../../content/markdown.ts';
import { isValidSlug, slugFromTitle, withSuffix } from '../../content/slug.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { conflict, notFound, preconditionFailed, validationFailed } from '../../errors.ts';
import { uniqueViolation } from '../../http/db-errors.ts';
import { decodeCursor, toPage } from '../../http/pagination.ts';
import { invalidatePublicArticle } from '../public-articles/public-articles.cache.ts';
import { invalidateOwnerLists, readOwnerListPage, storeOwnerListPage } from './articles.cache.ts';
import { toArticleSummary } from './articles.presenter.ts';
import { type ArticleChanges, type ArticleRow, createArticlesRepository } from './articles.repository.ts';
import { ArticlePage, type UpdateArticleBody } from './articles.schemas.ts';

export { invalidatePublicArticle } from '../public-articles/public-articles.cache.ts';
export { toArticleResponse } from './articles.presenter.ts';
export type { ArticleRow } from './articles.repository.ts';

export interface NewArticle {
  title: string;
  content: string;
  slug?: string;
  seoTitle?: string | null;
  metaDescription?: string | null;
  focusKeyphrase?: string | null;
  status?: ArticleStatus;
}

// A random 6-character suffix collides with odds of about 1 in 2 billion; a few tries are plenty.
const SLUG_ATTEMPTS = 8;
const UPDATE_ATTEMPTS = 8;
const SLUG_TAKEN = 'Another article already has this slug.';

const rendered = (content: string) => {
  const htmlContent = renderMarkdown(content);
  return { htmlContent, wordCount: wordCountOfHtml(htmlContent) };
};

/**
 * Creates an article on `db`, which may be a transaction of the caller's (publishing a draft).
 * Renders the Markdown, and takes the explicit slug (409 when taken) or one made from the title,
 * suffixed until it is free. Never raises a unique violation, so an enclosing transaction survives.
 */
export async function insertArticle(
  db: Executor,
  clock: Clock,
  userId: string,
  input: NewArticle,
): Promise<ArticleRow> {
  const repository = createArticlesRepository(db);
  const status = input.status ?? 'DRAFT';
  const now = clock.now();
  const values = {
    userId,
    title: input.title,
    content: input.content,
    ...rendered(input.content),
    seoTitle: input.seoTitle ?? null,
    metaDescription: input.metaDescription ?? null,
    focusKeyphrase: input.focusKeyphrase ?? null,
    status,
    publishedAt: status === 'PUBLISHED' ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) {
      throw validationFailed([{ path: 'slug', message: 'Lowercase ASCII letters, digits and single hyphens.' }]);
    }
    const row = await repository.insertUnlessSlugTaken({ ...values, slug: input.slug });
    if (!row) throw conflict(SLUG_TAKEN, [{ path: 'slug', message: SLUG_TAKEN }]);
    return row;
  }
  const base = slugFromTitle(input.title);
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    const row = await repository.insertUnlessSlugTaken({ ...values, slug: attempt === 0 ? base : withSuffix(base) });
    if (row) return row;
  }
  throw conflict('Could not find a free slug for this title; give one explicitly.');
}

/**
 * After a write to the user's articles committed, before it is answered: drops the user's cached
 * lists, and the public pages of `publicSlugs` (the slugs the write may have changed the public page
 * of, before and after it) with the public feed.
 */
export async function articlesChanged(deps: Deps, userId: string, ...publicSlugs: string[]): Promise<void> {
  await Promise.all([invalidateOwnerLists(deps, userId), invalidatePublicArticle(deps, ...publicSlugs)]);
}

export async function createArticle(deps: Deps, userId: string, input: NewArticle): Promise<ArticleRow> {
  const row = await insertArticle(deps.database.db, deps.clock, userId, input);
  // A new published article changes the public feed too.
  await articlesChanged(deps, userId, ...(row.status === 'PUBLISHED' ? [row.slug] : []));
  return row;
}

export async function getArticle(deps: Deps, userId: string, id: string): Promise<ArticleRow> {
  const row = await createArticlesRepository(deps.database.db).findById(userId, id);
  if (!row) throw notFound('article');
  return row;
}

/**
 * A page of the user's articles as its JSON body, from the cache when warm (searches are not
 * cached). On a miss the page goes through its schema before it is stored or sent.
 */
export async function listArticles(
  deps: Deps,
  userId: string,
  query: { status?: ArticleStatus; q?: string; limit: number; cursor?: string },
): Promise<Bytes> {
  const lookup = query.q === undefined ? await readOwnerListPage(deps, userId, query) : undefined;
  if (lookup?.body) return lookup.body;

  const cursor = decodeCursor(query.cursor);
  const rows = await createArticlesRepository(deps.database.db).list(userId, { ...query, cursor });
  const page = ArticlePage.parse(
    toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }), toArticleSummary),
  );
  const body = encodeText(JSON.stringify(page));
  if (lookup) await storeOwnerListPage(deps, userId, query, lookup, { body, nextCursor: page.nextCursor });
  return body;
}

function changesFor(current: ArticleRow, body: UpdateArticleBody, now: Date): ArticleChanges {
  const { content, ...fields } = body;
  const status = body.status ?? current.status;
  return {
    ...fields,
    ...(content === undefined ? {} : { content, ...rendered(content) }),
    // Set by the first publication only: archiving and re-publishing keeps the original date.
    publishedAt: current.publishedAt ?? (status === 'PUBLISHED' ? now : null),
    updatedAt: now,
  };
}

/**
 * Applies a PATCH. `ifMatch` is the version the client read (undefined: none sent, null: an ETag
 * we never issued). The write is conditional on the version read just before it; without If-Match
 * a concurrent write only makes it read again.
 */
export async function updateArticle(
  deps: Deps,
  userId: string,
  id: string,
  body: UpdateArticleBody,
  ifMatch: number | '*' | null | undefined,
): Promise<ArticleRow> {
  const repository = createArticlesRepository(deps.database.db);
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const current = await repository.findById(userId, id);
    if (!current) throw notFound('article');
    if (ifMatch === null || (typeof ifMatch === 'number' && ifMatch !== current.version)) throw preconditionFailed();

    let updated: ArticleRow | undefined;
    try {
      updated = await repository.updateAtVersion(
        userId,
        id,
        current.version,
        changesFor(current, body, deps.clock.now()),
      );
    } catch (error) {
      if (uniqueViolation(error) === 'articles_slug_key')
        throw conflict(SLUG_TAKEN, [{ path: 'slug', message: SLUG_TAKEN }]);
      throw error;
    }
    if (updated) {
      // Public pages change only when the article was or is published.
      const wasOrIsPublic = current.status === 'PUBLISHED' || updated.status === 'PUBLISHED';
      await articlesChanged(deps, userId, ...(wasOrIsPublic ? [current.slug, updated.slug] : []));
      return updated;
    }
    // The row changed (or went) between the read and the write: a client's If-Match has lost.
    if (typeof ifMatch === 'number') {
      if (!(await repository.findById(userId, id))) throw notFound('article');
      throw preconditionFailed();
    }
  }
  throw conflict('The article is being changed by other requests; retry.');
}

export async function deleteArticle(deps: Deps, userId: string, id: string): Promise<void> {
  const deleted = await createArticlesRepository(deps.database.db).delete(userId, id);
  if (!deleted) throw notFound('article');
  await articlesChanged(deps, userId, ...(deleted.status === 'PUBLISHED' ? [deleted.slug] : []));
}

/**
 * Slugs of the user's public pages, for changes that touch all of them at once (a new author name,
 * account deletion): read them before the change, then `invalidatePublicArticle(deps, ...slugs)`
 * once it committed.
 */
export const publishedSlugsOf = (db: Executor, userId: string): Promise<string[]> =>
  createArticlesRepository(db).publishedSlugs(userId);
