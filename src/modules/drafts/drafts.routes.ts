import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { requireAuth } from '../../http/auth.ts';
import { createRouter } from '../../http/env.ts';
import { etagOf, matchesIfNoneMatch } from '../../http/etag.ts';
import { idempotent } from '../../http/idempotency.ts';
import {
  bearerAuth,
  etagHeader,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  IfNoneMatchHeaders,
  jsonBody,
  jsonContent,
  jsonContentWithEtag,
  problemResponses,
} from '../../http/openapi.ts';
import { createDraftPublishRoutes } from './draft-publish.routes.ts';
import {
  CreateDraftBody,
  DraftPage,
  DraftResponse,
  ListDraftsQuery,
  toDraftResponse,
  UpdateDraftBody,
} from './drafts.schemas.ts';
import { createDraft, deleteDraft, getDraft, listDrafts, updateDraft } from './drafts.service.ts';

const tags = ['Drafts'];

const createDraftRoute = createRoute({
  method: 'post',
  path: '/v1/drafts',
  operationId: 'createDraft',
  tags,
  summary: 'Create a draft',
  security: bearerAuth,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateDraftBody) },
  responses: {
    201: jsonContentWithEtag(DraftResponse, 'The created draft'),
    ...problemResponses(400, 401, 409, 413, 415, 422),
  },
});

const listDraftsRoute = createRoute({
  method: 'get',
  path: '/v1/drafts',
  operationId: 'listDrafts',
  tags,
  summary: 'The user’s drafts, most recently updated first',
  security: bearerAuth,
  request: { query: ListDraftsQuery },
  responses: { 200: jsonContent(DraftPage, 'A page of drafts'), ...problemResponses(400, 401) },
});

const getDraftRoute = createRoute({
  method: 'get',
  path: '/v1/drafts/{id}',
  operationId: 'getDraft',
  tags,
  summary: 'One draft',
  security: bearerAuth,
  request: { params: IdParams, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContentWithEtag(DraftResponse, 'The draft'),
    304: { description: 'The ETag in If-None-Match is current', headers: etagHeader },
    ...problemResponses(400, 401, 404),
  },
});

const updateDraftRoute = createRoute({
  method: 'patch',
  path: '/v1/drafts/{id}',
  operationId: 'updateDraft',
  tags,
  summary: 'Change a draft (autosave); with If-Match, only if it is still that version',
  security: bearerAuth,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(UpdateDraftBody) },
  responses: {
    200: jsonContentWithEtag(DraftResponse, 'The updated draft'),
    ...problemResponses(400, 401, 404, 412, 413, 415),
  },
});

const deleteDraftRoute = createRoute({
  method: 'delete',
  path: '/v1/drafts/{id}',
  operationId: 'deleteDraft',
  tags,
  summary: 'Delete a draft; with If-Match, only if it is still that version',
  security: bearerAuth,
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404, 412) },
});

export function createDraftsRoutes(deps: Deps) {
  const router = createRouter();
  router.use('/v1/drafts', requireAuth(deps));
  router.use('/v1/drafts/*', requireAuth(deps));
  router.on('POST', '/v1/drafts', idempotent(deps));

  return router
    .openapi(createDraftRoute, async (c) => {
      const row = await createDraft(deps, c.get('userId'), c.req.valid('json'));
      c.header('Location', `/v1/drafts/${row.id}`);
      return c.json(toDraftResponse(row), 201, { ETag: etagOf(row.version) });
    })
    .openapi(listDraftsRoute, async (c) => c.json(await listDrafts(deps, c.get('userId'), c.req.valid('query')), 200))
    .openapi(getDraftRoute, async (c) => {
      const row = await getDraft(deps, c.get('userId'), c.req.valid('param').id);
      const etag = etagOf(row.version);
      if (matchesIfNoneMatch(c.req.header('If-None-Match'), etag)) return c.body(null, 304, { ETag: etag });
      return c.json(toDraftResponse(row), 200, { ETag: etag });
    })
    .openapi(updateDraftRoute, async (c) => {
      const { id } = c.req.valid('param');
      const row = await updateDraft(deps, c.get('userId'), id, c.req.valid('json'), c.req.header('If-Match'));
      return c.json(toDraftResponse(row), 200, { ETag: etagOf(row.version) });
    })
    .openapi(deleteDraftRoute, async (c) => {
      await deleteDraft(deps, c.get('userId'), c.req.valid('param').id, c.req.header('If-Match'));
      return c.body(null, 204);
    })
    .route('/', createDraftPublishRoutes(deps));
}
