import type { Executor } from '../../db/database.ts';
import { forbidden, unauthorized } from '../../errors.ts';
import { publishedSlugsOf } from '../articles/articles.service.ts';
import type { ContentWriter } from '../articles/content-writer.ts';
import { toUserResponse } from '../auth/auth.presenter.ts';
import type { UserResponse } from '../auth/auth.schemas.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { createUsersRepository } from '../auth/users.repository.ts';

export interface MeServiceDeps {
  db: Executor;
  auth: Pick<AuthService, 'confirmPassword'>;
  content: ContentWriter;
}

export type MeService = ReturnType<typeof createMeService>;

export function createMeService({ db, auth, content }: MeServiceDeps) {
  const users = createUsersRepository(db);
  return {
    async get(userId: string): Promise<UserResponse> {
      const user = await users.findById(userId);
      // requireAuth saw the user a moment ago; gone since means deleted, and so is the token.
      if (!user) throw unauthorized('The access token has been revoked.');
      return toUserResponse(user);
    },

    /** The name is shown on every public page of the user's articles: a content write. */
    async update(userId: string, input: { name: string | null }): Promise<UserResponse> {
      const user = await content.write(userId, async (touched) => {
        const updated = await users.updateName(userId, input.name);
        if (updated) touched.publicPages(...(await publishedSlugsOf(db, userId)));
        return updated;
      });
      if (!user) throw unauthorized('The access token has been revoked.');
      return toUserResponse(user);
    },

    /**
     * Deletes the account and, through the cascading foreign keys, every row it owns, in one
     * transaction. The row's disappearance is what revokes every token: the authenticator finds no
     * token version for it. The delete is conditional on the hash just verified, so a concurrent
     * password change wins. Its public pages are read before the rows go, and forgotten after.
     */
    async remove(userId: string, password: string, ip: string): Promise<void> {
      const user = await auth.confirmPassword(userId, password, ip);
      const isDeleted = await content.write(userId, (touched) =>
        db.transaction(async (tx) => {
          touched.publicPages(...(await publishedSlugsOf(tx, user.id)));
          return createUsersRepository(tx).delete(user.id, user.passwordHash);
        }),
      );
      if (!isDeleted) throw forbidden('The password is incorrect.');
    },
  };
}
