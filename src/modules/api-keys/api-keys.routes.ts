import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { requireAuth } from '../../http/auth.ts';
import { createRouter } from '../../http/env.ts';
import { bearerAuth, jsonBody, jsonContent, problemResponses } from '../../http/openapi.ts';
import { ApiKeyList, ApiKeyResponse, ProviderParams, PutApiKeyBody, UpdateApiKeyBody } from './api-keys.schemas.ts';
import { createApiKeysService } from './api-keys.service.ts';

const tags = ['API keys'];

const listApiKeysRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listApiKeys',
  tags,
  summary: 'The user’s AI-provider keys, masked',
  security: bearerAuth,
  responses: { 200: jsonContent(ApiKeyList, 'One entry per stored provider key'), ...problemResponses(401) },
});

const putApiKeyRoute = createRoute({
  method: 'put',
  path: '/{provider}',
  operationId: 'putApiKey',
  tags,
  summary: 'Store the key for a provider, replacing any earlier one (encrypted at rest)',
  security: bearerAuth,
  request: { params: ProviderParams, body: jsonBody(PutApiKeyBody) },
  responses: {
    200: jsonContent(ApiKeyResponse, 'Replaced the key stored for that provider'),
    201: jsonContent(ApiKeyResponse, 'Stored a first key for that provider'),
    ...problemResponses(400, 401, 413, 415),
  },
});

const updateApiKeyRoute = createRoute({
  method: 'patch',
  path: '/{provider}',
  operationId: 'updateApiKey',
  tags,
  summary: 'Switch a provider key on or off',
  security: bearerAuth,
  request: { params: ProviderParams, body: jsonBody(UpdateApiKeyBody) },
  responses: {
    200: jsonContent(ApiKeyResponse, 'The updated key'),
    ...problemResponses(400, 401, 404, 413, 415),
  },
});

const deleteApiKeyRoute = createRoute({
  method: 'delete',
  path: '/{provider}',
  operationId: 'deleteApiKey',
  tags,
  summary: 'Delete the key stored for a provider',
  security: bearerAuth,
  request: { params: ProviderParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

/** Mounted at `/v1/api-keys`. No route ever returns a plaintext key. */
export function createApiKeysRoutes(deps: Deps) {
  const service = createApiKeysService(deps);
  const router = createRouter();
  router.use('*', requireAuth(deps));

  return router
    .openapi(listApiKeysRoute, async (c) => c.json({ data: await service.list(c.get('userId')) }, 200))
    .openapi(putApiKeyRoute, async (c) => {
      const { apiKey, created } = await service.put(
        c.get('userId'),
        c.req.valid('param').provider,
        c.req.valid('json'),
      );
      return created ? c.json(apiKey, 201) : c.json(apiKey, 200);
    })
    .openapi(updateApiKeyRoute, async (c) => {
      const { provider } = c.req.valid('param');
      return c.json(await service.setActive(c.get('userId'), provider, c.req.valid('json').isActive), 200);
    })
    .openapi(deleteApiKeyRoute, async (c) => {
      await service.remove(c.get('userId'), c.req.valid('param').provider);
      return c.body(null, 204);
    });
}
