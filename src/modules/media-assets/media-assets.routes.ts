import { presentPage } from '../../db/cursor.ts';
import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import { IdempotencyHeaders, IdParams, jsonBody, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { toMediaAssetResponse } from './media-assets.presenter.ts';
import {
  CreateMediaAssetBody,
  ListMediaAssetsQuery,
  MediaAssetPage,
  MediaAssetResponse,
  UpdateMediaAssetBody,
} from './media-assets.schemas.ts';

const tags = ['Media assets'];
const security = bearerAuth;

const createMediaAssetRoute = defineRoute({
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

const listMediaAssetsRoute = defineRoute({
  method: 'get',
  path: '/v1/media-assets',
  operationId: 'listMediaAssets',
  tags,
  security,
  summary: 'Your media assets, newest first, optionally by type and article',
  request: { query: ListMediaAssetsQuery },
  responses: { 200: jsonContent(MediaAssetPage, 'A page of media assets'), ...problemResponses(400, 401) },
});

const getMediaAssetRoute = defineRoute({
  method: 'get',
  path: '/v1/media-assets/{id}',
  operationId: 'getMediaAsset',
  tags,
  security,
  summary: 'One of your media assets',
  request: { params: IdParams },
  responses: { 200: jsonContent(MediaAssetResponse, 'The media asset'), ...problemResponses(400, 401, 404) },
});

const updateMediaAssetRoute = defineRoute({
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

const deleteMediaAssetRoute = defineRoute({
  method: 'delete',
  path: '/v1/media-assets/{id}',
  operationId: 'deleteMediaAsset',
  tags,
  security,
  summary: 'Delete a media asset',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

export const createMediaAssetRoutes = () =>
  createRouter()
    .openapi(createMediaAssetRoute, async (c) => {
      const row = await c.var.services.mediaAssets.create(c.var.userId, c.req.valid('json'));
      return c.json(toMediaAssetResponse(row), 201, { Location: `/v1/media-assets/${row.id}` });
    })
    .openapi(listMediaAssetsRoute, async (c) => {
      const page = await c.var.services.mediaAssets.list(c.var.userId, c.req.valid('query'));
      return c.json(presentPage(page, toMediaAssetResponse), 200);
    })
    .openapi(getMediaAssetRoute, async (c) => {
      const row = await c.var.services.mediaAssets.get(c.var.userId, c.req.valid('param').id);
      return c.json(toMediaAssetResponse(row), 200);
    })
    .openapi(updateMediaAssetRoute, async (c) => {
      const row = await c.var.services.mediaAssets.update(c.var.userId, c.req.valid('param').id, c.req.valid('json'));
      return c.json(toMediaAssetResponse(row), 200);
    })
    .openapi(deleteMediaAssetRoute, async (c) => {
      await c.var.services.mediaAssets.remove(c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    });
