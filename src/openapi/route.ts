import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireAuth } from '../http/auth.ts';
import { idempotent } from '../http/idempotency.ts';

/** The security requirement of every route that needs an access token. */
export const bearerAuth = [{ bearerAuth: [] }];

/** A route that says whether it needs a token: `security: bearerAuth`, or `security: []` for a public one. */
export type DeclaredRoute = RouteConfig & { security: NonNullable<RouteConfig['security']> };

const declaresHeader = (route: RouteConfig, name: string) => {
  const headers = route.request?.headers;
  return headers instanceof z.ZodObject && name in headers.shape;
};

/**
 * `createRoute`, with the middleware its declaration implies, so the document and the behaviour
 * cannot drift: `requireAuth` when its security asks for a bearer token, then `idempotent` when it
 * declares an `Idempotency-Key` header, then the route's own middleware.
 */
export function defineRoute<P extends string, R extends Omit<DeclaredRoute, 'path'> & { path: P }>(route: R): R {
  const needsToken = route.security.some((requirement) => 'bearerAuth' in requirement);
  const own =
    route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const middleware: MiddlewareHandler[] = [
    ...(needsToken ? [requireAuth as MiddlewareHandler] : []),
    ...(declaresHeader(route, 'Idempotency-Key') ? [idempotent as MiddlewareHandler] : []),
    ...own,
  ];
  return createRoute({ ...route, ...(middleware.length > 0 ? { middleware } : {}) }) as R;
}
