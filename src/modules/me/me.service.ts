import type { Deps } from '../../deps.ts';
import { forbidden, unauthorized } from '../../errors.ts';
import { invalidatePublicArticle, publishedSlugsOf } from '../articles/articles.service.ts';
import { toUserResponse, type UserResponse } from '../auth/auth.schemas.ts';
import { confirmPassword } from '../auth/auth.service.ts';
import { createUsersRepository } from '../auth/users.repository.ts';

export async function getMe(deps: Deps, userId: string): Promise<UserResponse> {
  const user = await createUsersRepository(deps.database.db).findById(userId);
  // requireAuth saw the user a moment ago; gone since means deleted, and so is the token.
  if (!user) throw unauthorized('The access token has been revoked.');
  return toUserResponse(user);
}

/**
 * The name is shown on every public page of the user's articles, so those pages are invalidated
 * once the new name committed. The slugs are read after the change: any article published before
 * it is in the list, and one published after it is rendered with the new name anyway.
 */
export async function updateMe(deps: Deps, userId: string, input: { name: string | null }): Promise<UserResponse> {
  const user = await createUsersRepository(deps.database.db).updateName(userId, input.name);
  if (!user) throw unauthorized('The access token has been revoked.');
  await invalidatePublicArticle(deps, ...(await publishedSlugsOf(deps.database.db, userId)));
  return toUserResponse(user);
}

/**
 * Deletes the account and, through the cascading foreign keys, every row it owns, in one transaction.
 * The row's disappearance is what revokes every token: requireAuth finds no token version for it.
 * The delete is conditional on the hash just verified, so a concurrent password change wins.
 * The public pages of its articles are read in the transaction (the rows are gone after it) and
 * invalidated once it committed, so a deleted account's article is not served from the cache.
 */
export async function deleteMe(deps: Deps, userId: string, password: string, ip: string): Promise<void> {
  const user = await confirmPassword(deps, userId, password, ip);
  const { isDeleted, slugs } = await deps.database.db.transaction(async (tx) => {
    const slugs = await publishedSlugsOf(tx, user.id);
    return { isDeleted: await createUsersRepository(tx).delete(user.id, user.passwordHash), slugs };
  });
  if (!isDeleted) throw forbidden('The password is incorrect.');
  await invalidatePublicArticle(deps, ...slugs);
}
