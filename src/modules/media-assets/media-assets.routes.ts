import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { requireAuth } from '../../http/auth.ts';
import { createRouter } from '../../http/env.ts';
import { idempotent } from '../../http/idempotency.ts';
import {
  bearerAuth,
  IdempotencyHeaders,
  IdParams,
  jsonBody,
  jsonContent,
  problemResponses,
} from '../../http/openapi.ts';
import {
  CreateMediaAssetBody,
  ListMediaAssetsQuery,
  MediaAssetPage,
  MediaAssetResponse,
  UpdateMediaAssetBody,
} from './media-assets.schemas.ts';
import { createMediaAssetsService } from './media-assets.service.ts';

const tags = ['Media assets'];
const security = bearerAuth;

const createMediaAssetRoute = createRoute({
  method: 'post',
  path: '/v1/media-assets',
  operationId: 'createMediaAsset',
  tags,
  security,
  summary: 'Record a generated image, video or audio asset',
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateMediaAssetBody) },
  responses: {
    201: jsonContent(MediaAssetResponse, 'The new media asset'),
    ...problemResponses(400, 401, 404, 409, 413, 415, 422),
  },
});

const listMediaAssetsRoute = createRoute({
  method: 'get',
  path: '/v1/media-assets',
  operationId: 'listMediaAssets',
  tags,
  security,
  summary: 'Your media assets, newest first, optionally by type and article',
  request: { query: ListMediaAssetsQuery },
  responses: { 200: jsonContent(MediaAssetPage, 'A page of media assets'), ...problemResponses(400, 401) },
});

const getMediaAssetRoute = createRoute({
  method: 'get',
  path: '/v1/media-assets/{id}',
  operationId: 'getMediaAsset',
  tags,
  security,
  summary: 'One of your media assets',
  request: { params: IdParams },
  responses: { 200: jsonContent(MediaAssetResponse, 'The media asset'), ...problemResponses(400, 401, 404) },
});

const updateMediaAssetRoute = createRoute({
  method: 'patch',
  path: '/v1/media-assets/{id}',
  operationId: 'updateMediaAsset',
  tags,
  security,
  summary: 'Change a media asset; `articleId: null` detaches it from its article',
  request: { params: IdParams, body: jsonBody(UpdateMediaAssetBody) },
  responses: {
    200: jsonContent(MediaAssetResponse, 'The changed media asset'),
    ...problemResponses(400, 401, 404, 413, 415),
  },
});

const deleteMediaAssetRoute = createRoute({
  method: 'delete',
  path: '/v1/media-assets/{id}',
  operationId: 'deleteMediaAsset',
  tags,
  security,
  summary: 'Delete a media asset',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

export function createMediaAssetRoutes(deps: Deps) {
  const service = createMediaAssetsService(deps);
  const router = createRouter();
  router.use('/v1/media-assets', requireAuth(deps));
  router.use('/v1/media-assets/*', requireAuth(deps));
  router.on('POST', '/v1/media-assets', idempotent(deps));

  return router
    .openapi(createMediaAssetRoute, async (c) => {
      const asset = await service.create(c.var.userId, c.req.valid('json'));
      return c.json(asset, 201, { Location: `/v1/media-assets/${asset.id}` });
    })
    .openapi(listMediaAssetsRoute, async (c) => c.json(await service.list(c.var.userId, c.req.valid('query')), 200))
    .openapi(getMediaAssetRoute, async (c) => c.json(await service.get(c.var.userId, c.req.valid('param').id), 200))
    .openapi(updateMediaAssetRoute, async (c) => {
      const asset = await service.update(c.var.userId, c.req.valid('param').id, c.req.valid('json'));
      return c.json(asset, 200);
    })
    .openapi(deleteMediaAssetRoute, async (c) => {
      await service.remove(c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
