import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { presentThrough } from './present.ts';
import { splitInputValidation } from './request-input.ts';
import { validationHook } from './validation.ts';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `requireAuth`; every query on user data filters by it. */
    userId: string;
    /** The access token's id, for logout. */
    tokenId: string;
    tokenExpiresAt: number;
  };
}

/**
 * A router whose validation failures become 400 problem+json naming each bad field, and whose
 * `.openapi()` handlers send JSON bodies through their declared response schema (see present.ts).
 * A route's query, path and headers are checked in one synchronous step (request-input.ts): the
 * route is documented as declared, and zod-openapi validates what is left (cookies, the body).
 */
export const createRouter = () => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => {
    const presented = presentThrough(route, handler);
    const split = hook === undefined ? splitInputValidation(route) : undefined;
    if (!split) return register(route, presented, hook);
    // Documented here as zod-openapi would (the declared route, without its middleware), and
    // registered hidden with the checks where its validators ran: after the route's own middleware,
    // before the body's validators.
    const { middleware, hide, ...documented } = route;
    if (!hide) router.openAPIRegistry.registerPath(documented);
    const { check } = split;
    const { body, cookies } = split.route.request ?? {};
    if (middleware === undefined && body === undefined && cookies === undefined) {
      // Nothing runs between them: checked at the start of the handler, saving a layer of compose.
      return register({ ...split.route, hide: true }, ((c, next) => {
        check(c);
        return presented(c, next);
      }) as typeof presented);
    }
    const routeMiddleware = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    const validate: MiddlewareHandler<AppEnv> = (c, next) => {
      check(c);
      return next();
    };
    return register({ ...split.route, hide: true, middleware: [...routeMiddleware, validate] }, presented);
  }) as typeof register;
  return router;
};
