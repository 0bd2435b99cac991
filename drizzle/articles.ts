import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz, tsvector, updatedAt } from './columns.ts';
import { articleStatus } from './enums.ts';
import { users } from './users.ts';

export const articles = pgTable(
  'articles',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    seoTitle: text('seo_title'),
    metaDescription: text('meta_description'),
    focusKeyphrase: text('focus_keyphrase'),
    content: text('content').notNull(),
    htmlContent: text('html_content').notNull(),
    status: articleStatus('status').notNull().default('DRAFT'),
    wordCount: integer('word_count').notNull().default(0),
    publishedAt: timestamptz('published_at'),
    /** Incremented on every write; the ETag of the article and of its public page. */
    version: integer('version').notNull().default(1),
    /** Full-text search over title (weight A) and content (weight B), kept by PostgreSQL itself. */
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(content, '')), 'B')`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    index('articles_user_id_idx').on(t.userId),
    index('articles_slug_idx').on(t.slug),
    index('articles_status_idx').on(t.status),
    // Keyset lists: the owner's articles newest first, with and without a status filter.
    index('articles_user_id_created_at_id_idx').on(t.userId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('articles_user_id_status_created_at_id_idx').on(
      t.userId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The public feed: published articles, newest publication first.
    index('articles_status_published_at_id_idx').on(
      t.status,
      t.publishedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('articles_search_vector_idx').using('gin', t.searchVector),
  ],
);
