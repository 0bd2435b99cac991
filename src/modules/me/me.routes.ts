import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { requireAuth } from '../../http/auth.ts';
import { clientIp } from '../../http/client-ip.ts';
import { createRouter } from '../../http/env.ts';
import { bearerAuth, jsonBody, jsonContent, problemResponses } from '../../http/openapi.ts';
import { rateLimitedResponse } from '../../http/rate-limit.ts';
import { UserResponse } from '../auth/auth.schemas.ts';
import { DeleteMeBody, UpdateMeBody } from './me.schemas.ts';
import { deleteMe, getMe, updateMe } from './me.service.ts';

const tags = ['Account'];

const getMeRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getMe',
  tags,
  summary: 'The signed-in account',
  security: bearerAuth,
  responses: { 200: jsonContent(UserResponse, 'The account'), ...problemResponses(401) },
});

const updateMeRoute = createRoute({
  method: 'patch',
  path: '/',
  operationId: 'updateMe',
  tags,
  summary: 'Change the account’s name',
  security: bearerAuth,
  request: { body: jsonBody(UpdateMeBody) },
  responses: { 200: jsonContent(UserResponse, 'The account'), ...problemResponses(400, 401, 413, 415) },
});

const deleteMeRoute = createRoute({
  method: 'delete',
  path: '/',
  operationId: 'deleteMe',
  tags,
  summary: 'Delete the account and everything it owns (needs the password)',
  security: bearerAuth,
  request: { body: jsonBody(DeleteMeBody) },
  responses: {
    204: { description: 'Deleted, with every article, draft, key, asset, query and setting' },
    ...problemResponses(400, 401, 403, 413, 415),
    ...rateLimitedResponse,
  },
});

export function createMeRoutes(deps: Deps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));

  return router
    .openapi(getMeRoute, async (c) => c.json(await getMe(deps, c.get('userId')), 200))
    .openapi(updateMeRoute, async (c) => c.json(await updateMe(deps, c.get('userId'), c.req.valid('json')), 200))
    .openapi(deleteMeRoute, async (c) => {
      await deleteMe(deps, c.get('userId'), c.req.valid('json').password, clientIp(c, deps));
      return c.body(null, 204);
    });
}
