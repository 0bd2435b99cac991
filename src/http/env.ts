import { OpenAPIHono } from '@hono/zod-openapi';
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
 * A route's query, path and headers are checked by one synchronous middleware (request-input.ts):
 * the route is documented as declared, and zod-openapi validates what is left (cookies, the body).
 */
export const createRouter = () => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => {
    const presented = presentThrough(route, handler);
    const split = hook === undefined ? splitInputValidation(route) : undefined;
    if (!split) return register(route, presented, hook);
    // Documented here as zod-openapi would (the declared route, without its middleware), then
    // registered hidden with the input checks after the route's own middleware, where its validators ran.
    const { middleware, hide, ...documented } = route;
    if (!hide) router.openAPIRegistry.registerPath(documented);
    const routeMiddleware = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    return register({ ...split.route, hide: true, middleware: [...routeMiddleware, split.validate] }, presented);
  }) as typeof register;
  return router;
};
