import { KeyRing } from './crypto/aead.ts';
import { createPasswordHasher, type PasswordHasher } from './crypto/password.ts';
import type { Deps } from './deps.ts';
import { createRateLimiter, type RateLimiter } from './http/rate-limit.ts';
import { createApiKeysService } from './modules/api-keys/api-keys.service.ts';
import { createOwnerListCache, type OwnerListCache } from './modules/articles/articles.cache.ts';
import { createArticlesService } from './modules/articles/articles.service.ts';
import { createContentWriter } from './modules/articles/content-writer.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createAuthenticator } from './modules/auth/authenticator.ts';
import { createDraftsService } from './modules/drafts/drafts.service.ts';
import { createMeService } from './modules/me/me.service.ts';
import { createMediaAssetsService } from './modules/media-assets/media-assets.service.ts';
import { createPublicPageCache, type PublicPageCache } from './modules/public-articles/public-articles.cache.ts';
import { createPublicArticlesService } from './modules/public-articles/public-articles.service.ts';
import { createResearchQueriesService } from './modules/research-queries/research-queries.service.ts';
import { createSettingsService } from './modules/settings/settings.service.ts';

/**
 * The composition root. Everything long-lived is built here, once, and passed down: no module
 * keeps state of its own.
 *
 * `createSharedParts` builds what lives as long as the process (or Worker isolate): rate limiter,
 * key ring, password-hash pool, page caches. `createServices` builds, over one database, the
 * repositories (with their prepared statements and batch loaders) and every module's service. Node
 * and the tests do both once; a Worker keeps the shared parts per isolate and builds the services
 * per request, over that request's database client (src/worker.ts).
 */

export interface SharedParts {
  limiter: RateLimiter;
  keyRing: KeyRing;
  passwords: PasswordHasher;
  publicPages: PublicPageCache;
  ownerLists: OwnerListCache;
}

export function createSharedParts(deps: Omit<Deps, 'database'>): SharedParts {
  const passwords = createPasswordHasher(deps.config.passwordHashParams);
  // Made now rather than by the first unknown-email login, which would otherwise take two hashes.
  void passwords.dummyHash();
  return {
    limiter: createRateLimiter(deps.cache, deps.clock),
    keyRing: new KeyRing(deps.config.encryptionKeys),
    passwords,
    publicPages: createPublicPageCache(deps.publicPages, deps.logger),
    ownerLists: createOwnerListCache(deps.cache, deps.logger),
  };
}

export function createServices(deps: Deps, shared: SharedParts = createSharedParts(deps)) {
  const { config, clock, logger, cache, mailer, signer } = deps;
  const db = deps.database.db;
  const content = createContentWriter({ publicPages: shared.publicPages, ownerLists: shared.ownerLists });
  const auth = createAuthService({ db, config, clock, cache, mailer, logger, signer, ...shared });
  return {
    // Infrastructure the HTTP layer reads (config, client address, cache for idempotency, health checks).
    config,
    logger,
    clock,
    cache,
    mailer,
    signer,
    database: deps.database,
    clientAddress: deps.clientAddress,
    shared,
    authenticator: createAuthenticator({ db, signer, cache, clock }),
    // One line per resource.
    auth,
    me: createMeService({ db, auth, content }),
    settings: createSettingsService({ db }),
    apiKeys: createApiKeysService({ db, clock, logger, keyRing: shared.keyRing }),
    articles: createArticlesService({ db, clock, content, ownerLists: shared.ownerLists }),
    publicArticles: createPublicArticlesService({ db, pages: shared.publicPages }),
    drafts: createDraftsService({ db, clock, content }),
    mediaAssets: createMediaAssetsService({ db }),
    researchQueries: createResearchQueriesService({ db, cache }),
  };
}

export type Services = ReturnType<typeof createServices>;
