import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import { jsonBody, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { toApiKeyResponse } from './api-keys.presenter.ts';
import { ApiKeyList, ApiKeyResponse, ProviderParams, PutApiKeyBody, UpdateApiKeyBody } from './api-keys.schemas.ts';

const tags = ['API keys'];

const listApiKeysRoute = defineRoute({
  method: 'get',
  path: '/',
  operationId: 'listApiKeys',
  tags,
  summary: 'The user’s AI-provider keys, masked',
  security: bearerAuth,
  responses: { 200: jsonContent(ApiKeyList, 'One entry per stored provider key'), ...problemResponses(401) },
});

const putApiKeyRoute = defineRoute({
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

const updateApiKeyRoute = defineRoute({
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

const deleteApiKeyRoute = defineRoute({
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
export const createApiKeysRoutes = () =>
  createRouter()
    .openapi(listApiKeysRoute, async (c) =>
      c.json({ data: (await c.var.services.apiKeys.list(c.var.userId)).map(toApiKeyResponse) }, 200),
    )
    .openapi(putApiKeyRoute, async (c) => {
      const { provider } = c.req.valid('param');
      const { apiKey, created } = await c.var.services.apiKeys.put(c.var.userId, provider, c.req.valid('json'));
      return created ? c.json(toApiKeyResponse(apiKey), 201) : c.json(toApiKeyResponse(apiKey), 200);
    })
    .openapi(updateApiKeyRoute, async (c) => {
      const { provider } = c.req.valid('param');
      const stored = await c.var.services.apiKeys.setActive(c.var.userId, provider, c.req.valid('json').isActive);
      return c.json(toApiKeyResponse(stored), 200);
    })
    .openapi(deleteApiKeyRoute, async (c) => {
      await c.var.services.apiKeys.remove(c.var.userId, c.req.valid('param').provider);
      return c.body(null, 204);
    });
