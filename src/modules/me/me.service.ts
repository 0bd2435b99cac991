import type { Deps } from '../../deps.ts';
import { forbidden, unauthorized } from '../../errors.ts';
import { toUserResponse, type UserResponse } from '../auth/auth.schemas.ts';
import { confirmPassword } from '../auth/auth.service.ts';
import { createUsersRepository } from '../auth/users.repository.ts';

export async function getMe(deps: Deps, userId: string): Promise<UserResponse> {
  const user = await createUsersRepository(deps.database.db).findById(userId);
  // requireAuth saw the user a moment ago; gone since means deleted, and so is the token.
  if (!user) throw unauthorized('The access token has been revoked.');
  return toUserResponse(user);
}

export async function updateMe(deps: Deps, userId: string, input: { name: string | null }): Promise<UserResponse> {
  const user = await createUsersRepository(deps.database.db).updateName(userId, input.name);
  if (!user) throw unauthorized('The access token has been revoked.');
  return toUserResponse(user);
}

/**
 * Deletes the account and, through the cascading foreign keys, every row it owns, in one transaction.
 * The row's disappearance is what revokes every token: requireAuth finds no token version for it.
 * The delete is conditional on the hash just verified, so a concurrent password change wins.
 */
export async function deleteMe(deps: Deps, userId: string, password: string, ip: string): Promise<void> {
  const user = await confirmPassword(deps, userId, password, ip);
  const isDeleted = await deps.database.db.transaction((tx) =>
    createUsersRepository(tx).delete(user.id, user.passwordHash),
  );
  if (!isDeleted) throw forbidden('The password is incorrect.');
}
