import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { users } from './users.ts';

export const researchQueries = pgTable(
  'research_queries',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    query: text('query').notNull(),
    summary: text('summary'),
    sources: jsonb('sources').$type<Array<Record<string, unknown>>>(),
    cached: boolean('cached').notNull().default(false),
    /**
     * The lookup key (trimmed, whitespace folded, case folded), computed by the application's
     * `normalizeResearchQuery` so that the cache key and the database key are one definition.
     */
    normalizedQuery: text('normalized_query').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('research_queries_user_id_idx').on(t.userId),
    index('research_queries_created_at_idx').on(t.createdAt),
    index('research_queries_user_id_created_at_id_idx').on(
      t.userId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('research_queries_user_id_normalized_query_created_at_idx').on(
      t.userId,
      t.normalizedQuery,
      t.createdAt.desc().nullsFirst(),
    ),
  ],
);
