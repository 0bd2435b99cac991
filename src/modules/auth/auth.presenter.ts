import type { UserResponse } from './auth.schemas.ts';
import type { UserRow } from './users.repository.ts';

/** Picks the public fields: never the password hash, the email token or the token version. */
export const toUserResponse = (row: UserRow): UserResponse => ({
  id: row.id,
  email: row.email,
  name: row.name,
  emailVerified: row.emailVerified,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
