import { OpenAPIHono } from '@hono/zod-openapi';
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

/** A router whose validation failures become 400 problem+json naming each bad field. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
