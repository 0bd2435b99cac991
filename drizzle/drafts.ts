import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { users } from './users.ts';

export const drafts = pgTable(
  'drafts',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    title: text('title').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    sections: jsonb('sections').$type<Array<{ heading?: string; content: string }>>().notNull(),
    ctaContent: text('cta_content'),
    autosave: boolean('autosave').notNull().default(true),
    /** Incremented on every write; the draft's ETag, checked by conditional autosaves. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('drafts_user_id_idx').on(t.userId),
    index('drafts_updated_at_idx').on(t.updatedAt),
    index('drafts_user_id_updated_at_id_idx').on(t.userId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);
