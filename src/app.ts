import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { Deps } from './deps.ts';
import { notFound, payloadTooLarge } from './errors.ts';
import { createRouter } from './http/env.ts';
import { envelope } from './http/envelope.ts';
import { jsonBody } from './http/json-body.ts';
import { handleError, problemResponse } from './http/problem.ts';
import { mountReference, type ReferenceOptions } from './http/reference.ts';
import { createApiKeysRoutes } from './modules/api-keys/api-keys.routes.ts';
import { createArticlesRoutes } from './modules/articles/articles.routes.ts';
import { createAuthRoutes } from './modules/auth/auth.routes.ts';
import { createDraftsRoutes } from './modules/drafts/drafts.routes.ts';
import { createHealthRoutes } from './modules/health/health.routes.ts';
import { createMeRoutes } from './modules/me/me.routes.ts';
import { createMediaAssetRoutes } from './modules/media-assets/media-assets.routes.ts';
import { createPublicArticlesRoutes } from './modules/public-articles/public-articles.routes.ts';
import { createResearchQueryRoutes } from './modules/research-queries/research-queries.routes.ts';
import { createSettingsRoutes } from './modules/settings/settings.routes.ts';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Finity API',
    version: '1.0.0',
    description: 'Data layer and HTTP API of the Finity AI article-writing platform.',
  },
} as const;

/** The whole HTTP app, built from injected parts: Node, Workers and tests build it the same way. */
export function createApp(deps: Deps, options: ReferenceOptions = {}) {
  const app = createRouter();

  app.use(envelope(deps.logger));
  if (deps.config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...deps.config.corsOrigins],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Request-Id'],
        exposeHeaders: [
          'ETag',
          'X-Request-Id',
          'Retry-After',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
        ],
        maxAge: 600,
      }),
    );
  }
  // A request that outlives this answers 503; the statement timeout bounds the work left behind.
  app.use(
    timeout(
      deps.config.requestTimeoutMs,
      () => new HTTPException(503, { message: 'The request took too long; retry shortly.' }),
    ),
  );
  const limitBody = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => {
      throw payloadTooLarge(deps.config.bodyLimitBytes);
    },
  });
  const checkBody = jsonBody();
  // GET and HEAD carry no body: the size limit would only cost them (it builds a full Request).
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? checkBody(c, next)
      : limitBody(c, async () => {
          await checkBody(c, next);
        }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  // Chained so the app's type carries every route: that type is AppType, for Hono's RPC client.
  const routes = app
    .route('/', createHealthRoutes(deps))
    // Resource routers: one `.route()` line per module, inside this chain.
    .route('/', createArticlesRoutes(deps))
    .route('/', createPublicArticlesRoutes(deps))
    .route('/v1/auth', createAuthRoutes(deps))
    .route('/v1/me', createMeRoutes(deps))
    .route('/v1/settings', createSettingsRoutes(deps))
    .route('/v1/api-keys', createApiKeysRoutes(deps))
    .route('/', createMediaAssetRoutes(deps))
    .route('/', createResearchQueryRoutes(deps))
    .route('/', createDraftsRoutes(deps));

  mountReference(app, OPENAPI_INFO, options);

  app.notFound((c) => problemResponse(c, notFound('route')));
  app.onError(handleError(deps.logger));
  return routes;
}

export type App = ReturnType<typeof createApp>;

/** Every route with its inputs and answers, for `hc<AppType>(baseUrl)` from `hono/client`. */
export type AppType = App;
