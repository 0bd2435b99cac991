import { OpenAPIHono } from '@hono/zod-openapi';
import { presentThrough } from './present.ts';
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
 */
export const createRouter = () => {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => register(route, presentThrough(route, handler), hook)) as typeof register;
  return router;
};
