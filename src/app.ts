import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { Config } from './config.ts';
import { notFound, payloadTooLarge } from './errors.ts';
import { accessLog, requestId, secureHeaders } from './http/envelope.ts';
import { jsonBody } from './http/json-body.ts';
import { handleError, problemResponse } from './http/problem.ts';
import type { Logger } from './logger.ts';
import { createApiKeysRoutes } from './modules/api-keys/api-keys.routes.ts';
import { createArticlesRoutes } from './modules/articles/articles.routes.ts';
import { createAuthRoutes } from './modules/auth/auth.routes.ts';
import { createDraftsRoutes } from './modules/drafts/drafts.routes.ts';
import { createHealthRoutes } from './modules/health/health.routes.ts';
import { createMeRoutes } from './modules/me/me.routes.ts';
import { createMediaAssetRoutes } from './modules/media-assets/media-assets.routes.ts';
import { createPublicArticlesRoutes, mountFastPublicReads } from './modules/public-articles/public-articles.routes.ts';
import { createResearchQueryRoutes } from './modules/research-queries/research-queries.routes.ts';
import { createSettingsRoutes } from './modules/settings/settings.routes.ts';
import { mountReference, type ReferenceOptions } from './openapi/reference.ts';
import { type AppEnv, createRouter } from './router.ts';
import type { Services } from './services.ts';

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Finity API',
    version: '1.0.0',
    description: 'Data layer and HTTP API of the Finity AI article-writing platform.',
  },
} as const;

/** What the app needs before any request: its configuration and logger, and how a request gets its services. */
export interface AppSetup {
  config: Config;
  logger: Logger;
  /** Sets `c.var.services` for the request: the same ones every time (`serveWith`), or a Worker's per request. */
  provideServices: MiddlewareHandler<AppEnv>;
}

/** Gives every request the same services: Node and the tests, whose database lives as long as the process. */
export const serveWith =
  (services: Services): MiddlewareHandler<AppEnv> =>
  (c, next) => {
    c.set('services', services);
    return next();
  };

/** The whole HTTP app: Node, Workers and tests build it the same way. */
export function createApp(setup: AppSetup | Services, options: ReferenceOptions = {}) {
  // Services fixed for the process (Node, tests) also serve the fast path; a Worker's are per request.
  const fixedServices = 'provideServices' in setup ? undefined : setup;
  const { config, logger } = setup;
  const provideServices = 'provideServices' in setup ? setup.provideServices : serveWith(setup);
  const app = createRouter();
  const exposeHeaders = [
    'ETag',
    'X-Request-Id',
    'Retry-After',
    'RateLimit-Limit',
    'RateLimit-Remaining',
    'RateLimit-Reset',
  ];

  // Before every middleware: the fast path does that work itself (src/http/fast-path/).
  if (fixedServices)
    mountFastPublicReads(app, fixedServices, { logger, corsOrigins: config.corsOrigins, exposeHeaders });
  app.use(requestId());
  app.use(secureHeaders());
  app.use(accessLog(logger));
  if (config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: [...config.corsOrigins],
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Request-Id'],
        exposeHeaders,
        maxAge: 600,
      }),
    );
  }
  // A request that outlives this answers 503; the statement timeout bounds the work left behind.
  app.use(
    timeout(
      config.requestTimeoutMs,
      () => new HTTPException(503, { message: 'The request took too long; retry shortly.' }),
    ),
  );
  const limitBody = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: () => {
      throw payloadTooLarge(config.bodyLimitBytes);
    },
  });
  // GET and HEAD carry no body: the size limit would only cost them (it builds a full Request).
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use(jsonBody());
  app.use(provideServices);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  // Chained so the app's type carries every route: that type is AppType, for Hono's RPC client.
  // Resource routers: one `.route()` line per module.
  const routes = app
    .route('/', createHealthRoutes())
    .route('/', createArticlesRoutes())
    .route('/', createPublicArticlesRoutes())
    .route('/v1/auth', createAuthRoutes())
    .route('/v1/me', createMeRoutes())
    .route('/v1/settings', createSettingsRoutes())
    .route('/v1/api-keys', createApiKeysRoutes())
    .route('/', createMediaAssetRoutes())
    .route('/', createResearchQueryRoutes())
    .route('/', createDraftsRoutes());

  mountReference(app, OPENAPI_INFO, options);

  app.notFound((c) => problemResponse(c, notFound('route')));
  app.onError(handleError(logger));
  return routes;
}

export type App = ReturnType<typeof createApp>;

/** Every route with its inputs and answers, for `hc<AppType>(baseUrl)` from `hono/client`. */
export type AppType = App;
