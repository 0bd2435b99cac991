import { OpenAPIHono } from '@hono/zod-openapi';
import type { HttpVariables } from './http/env.ts';
import { validationHook } from './http/validation.ts';
import type { Services } from './services.ts';

/** What a handler finds on `c.var`: the request id, the principal (behind a token) and the services. */
export interface AppEnv {
  Variables: HttpVariables & { services: Services };
}

/** A resource's router: its validation failures become 400 problem+json naming each bad field. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
