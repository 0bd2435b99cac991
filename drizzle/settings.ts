import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { provider } from './enums.ts';
import { users } from './users.ts';

export const settings = pgTable(
  'settings',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    defaultProvider: provider('default_provider').notNull().default('GEMINI'),
    focusKeyphrase: text('focus_keyphrase'),
    preferences: jsonb('preferences').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('settings_user_id_key').on(t.userId)],
);
