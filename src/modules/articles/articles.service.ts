import type { ArticleStatus } from '../../../drizzle/index.ts';
import type { Bytes } from '../../cache/cache.ts';
import type { Clock } from '../../clock.ts';
import { renderMarkdown, wordCountOfHtml } from '../../content/markdown.ts';
import { isValidSlug, slugFromTitle, withSuffix } from '../../content/slug.ts';
import { decodeCursor, presentPage, toPage } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';
import { conflict, notFound, preconditionFailed, validationFailed } from '../../errors.ts';
import type { OwnerListCache } from './articles.cache.ts';
import { toArticleSummary } from './articles.presenter.ts';
import { type ArticleChanges, type ArticleRow, createArticlesRepository, slugTaken } from './articles.repository.ts';
import type { UpdateArticleBody } from './articles.schemas.ts';
import type { ContentWriter, Touched } from './content-writer.ts';

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

const rendered = (content: string) => {
  const htmlContent = renderMarkdown(content);
  return { htmlContent, wordCount: wordCountOfHtml(htmlContent) };
};

/**
 * Creates an article inside a content write (on the database or a transaction of it): renders the Markdown, and takes the
 * explicit slug (409 when taken) or one made from the title, suffixed until it is free. Never raises
 * a unique violation, so the enclosing transaction survives. Publishing a draft uses it too.
 */
export async function insertArticle(
  tx: Executor,
  touched: Touched,
  clock: Clock,
  userId: string,
  input: NewArticle,
): Promise<ArticleRow> {
  const repository = createArticlesRepository(tx);
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
  const inserted = async () => {
    if (input.slug !== undefined) {
      if (!isValidSlug(input.slug)) {
        throw validationFailed([{ path: 'slug', message: 'Lowercase ASCII letters, digits and single hyphens.' }]);
      }
      const row = await repository.insertUnlessSlugTaken({ ...values, slug: input.slug });
      if (!row) throw slugTaken();
      return row;
    }
    const base = slugFromTitle(input.title);
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const row = await repository.insertUnlessSlugTaken({ ...values, slug: attempt === 0 ? base : withSuffix(base) });
      if (row) return row;
    }
    throw conflict('Could not find a free slug for this title; give one explicitly.');
  };
  const row = await inserted();
  // A new published article changes the public feed too.
  if (row.status === 'PUBLISHED') touched.publicPages(row.slug);
  return row;
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

export interface ArticlesServiceDeps {
  db: Executor;
  clock: Clock;
  content: ContentWriter;
  ownerLists: OwnerListCache;
}

export type ArticlesService = ReturnType<typeof createArticlesService>;

export function createArticlesService({ db, clock, content, ownerLists }: ArticlesServiceDeps) {
  const repository = createArticlesRepository(db);
  return {
    create(userId: string, input: NewArticle): Promise<ArticleRow> {
      return content.write(userId, (touched) => insertArticle(db, touched, clock, userId, input));
    },

    async get(userId: string, id: string): Promise<ArticleRow> {
      const row = await repository.findById(userId, id);
      if (!row) throw notFound('article');
      return row;
    },

    /** A page of the user's articles as its JSON body, through the owner-list cache (searches are not cached). */
    async list(
      userId: string,
      query: { status?: ArticleStatus; q?: string; limit: number; cursor?: string },
    ): Promise<Bytes | string> {
      const load = async () => {
        const rows = await repository.list(userId, { ...query, cursor: decodeCursor(query.cursor) });
        const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
        return { json: JSON.stringify(presentPage(page, toArticleSummary)), nextCursor: page.nextCursor };
      };
      if (query.q !== undefined) return (await load()).json;
      return ownerLists.page(userId, query, load);
    },

    /**
     * Applies a PATCH. With `expectedVersion` (from If-Match), only to that version (else 412);
     * without, the write is conditional on the version read just before it, and a concurrent write
     * only makes it read again.
     */
    update(userId: string, id: string, body: UpdateArticleBody, expectedVersion?: number): Promise<ArticleRow> {
      return content.write(userId, async (touched) => {
        for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
          const current = await repository.findById(userId, id);
          if (!current) throw notFound('article');
          if (expectedVersion !== undefined && expectedVersion !== current.version) throw preconditionFailed();
          const updated = await repository.updateAtVersion(
            userId,
            id,
            current.version,
            changesFor(current, body, clock.now()),
          );
          if (updated) {
            // Public pages change only when the article was or is published.
            if (current.status === 'PUBLISHED' || updated.status === 'PUBLISHED') {
              touched.publicPages(current.slug, updated.slug);
            }
            return updated;
          }
          // The row changed (or went) between the read and the write: a client's If-Match has lost.
          if (expectedVersion !== undefined) {
            if (!(await repository.findById(userId, id))) throw notFound('article');
            throw preconditionFailed();
          }
        }
        throw conflict('The article is being changed by other requests; retry.');
      });
    },

    remove(userId: string, id: string): Promise<void> {
      return content.write(userId, async (touched) => {
        const deleted = await repository.delete(userId, id);
        if (!deleted) throw notFound('article');
        if (deleted.status === 'PUBLISHED') touched.publicPages(deleted.slug);
      });
    },
  };
}

/** Slugs of the user's public pages, for a write that changes all of them (a new author name, account deletion). */
export const publishedSlugsOf = (tx: Executor, userId: string): Promise<string[]> =>
  createArticlesRepository(tx).publishedSlugs(userId);
