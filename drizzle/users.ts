import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz, updatedAt } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    name: text('name'),
    emailVerified: boolean('email_verified').notNull().default(false),
    /** SHA-256 (hex) of the emailed verification token; the token itself is never stored. */
    emailToken: text('email_token'),
    emailTokenExpiresAt: timestamptz('email_token_expires_at'),
    /** Bumped by a password change: access tokens carry it and die when it moves on. */
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    index('users_email_token_idx').on(t.emailToken),
  ],
);
