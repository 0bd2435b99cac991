import { clientIp } from '../../http/client-ip.ts';
import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import { jsonBody, jsonContent, problemResponses, rateLimitedResponse } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { UserResponse } from '../auth/auth.schemas.ts';
import { DeleteMeBody, UpdateMeBody } from './me.schemas.ts';

const tags = ['Account'];

const getMeRoute = defineRoute({
  method: 'get',
  path: '/',
  operationId: 'getMe',
  tags,
  summary: 'The signed-in account',
  security: bearerAuth,
  responses: { 200: jsonContent(UserResponse, 'The account'), ...problemResponses(401) },
});

const updateMeRoute = defineRoute({
  method: 'patch',
  path: '/',
  operationId: 'updateMe',
  tags,
  summary: 'Change the account’s name',
  security: bearerAuth,
  request: { body: jsonBody(UpdateMeBody) },
  responses: { 200: jsonContent(UserResponse, 'The account'), ...problemResponses(400, 401, 413, 415) },
});

const deleteMeRoute = defineRoute({
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

/** Mounted at `/v1/me`. */
export const createMeRoutes = () =>
  createRouter()
    .openapi(getMeRoute, async (c) => c.json(await c.var.services.me.get(c.var.userId), 200))
    .openapi(updateMeRoute, async (c) => c.json(await c.var.services.me.update(c.var.userId, c.req.valid('json')), 200))
    .openapi(deleteMeRoute, async (c) => {
      await c.var.services.me.remove(c.var.userId, c.req.valid('json').password, clientIp(c, c.var.services));
      return c.body(null, 204);
    });
