import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { articles } from './articles.ts';
import { createdAt, id } from './columns.ts';
import { mediaType, provider } from './enums.ts';
import { users } from './users.ts';

export const mediaAssets = pgTable(
  'media_assets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    articleId: uuid('article_id').references(() => articles.id, { onDelete: 'set null', onUpdate: 'cascade' }),
    type: mediaType('type').notNull(),
    provider: provider('provider').notNull(),
    prompt: text('prompt').notNull(),
    style: text('style'),
    aspectRatio: text('aspect_ratio'),
    url: text('url'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('media_assets_user_id_idx').on(t.userId),
    index('media_assets_article_id_idx').on(t.articleId),
    index('media_assets_type_idx').on(t.type),
    index('media_assets_user_id_created_at_id_idx').on(
      t.userId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('media_assets_user_id_type_created_at_id_idx').on(
      t.userId,
      t.type,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('media_assets_user_id_article_id_created_at_id_idx').on(
      t.userId,
      t.articleId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);
