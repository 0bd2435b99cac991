import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';
import { provider } from './enums.ts';
import { users } from './users.ts';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    provider: provider('provider').notNull(),
    /** AES-256-GCM envelope (see src/crypto/aead.ts); never the plaintext. */
    encryptedKey: text('encrypted_key').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('api_keys_user_id_provider_key').on(t.userId, t.provider),
    index('api_keys_user_id_idx').on(t.userId),
  ],
);
