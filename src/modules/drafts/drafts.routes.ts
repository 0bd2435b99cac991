import { presentPage } from '../../db/cursor.ts';
import { etagOf, expectedVersionOf, matchesIfNoneMatch } from '../../http/etag.ts';
import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import {
  etagHeader,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  IfNoneMatchHeaders,
  jsonBody,
  jsonContent,
  jsonContentWithEtag,
  problemResponses,
} from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { toArticleResponse } from '../articles/articles.presenter.ts';
import { ArticleResponse } from '../articles/articles.schemas.ts';
import { toDraftResponse } from './drafts.presenter.ts';
import {
  CreateDraftBody,
  DraftPage,
  DraftResponse,
  ListDraftsQuery,
  PublishDraftBody,
  UpdateDraftBody,
} from './drafts.schemas.ts';

const tags = ['Drafts'];

const createDraftRoute = defineRoute({
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

const listDraftsRoute = defineRoute({
  method: 'get',
  path: '/v1/drafts',
  operationId: 'listDrafts',
  tags,
  summary: 'The user’s drafts, most recently updated first',
  security: bearerAuth,
  request: { query: ListDraftsQuery },
  responses: { 200: jsonContent(DraftPage, 'A page of drafts'), ...problemResponses(400, 401) },
});

const getDraftRoute = defineRoute({
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

const updateDraftRoute = defineRoute({
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

const deleteDraftRoute = defineRoute({
  method: 'delete',
  path: '/v1/drafts/{id}',
  operationId: 'deleteDraft',
  tags,
  summary: 'Delete a draft; with If-Match, only if it is still that version',
  security: bearerAuth,
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404, 412) },
});

const publishDraftRoute = defineRoute({
  method: 'post',
  path: '/v1/drafts/{id}/publish',
  operationId: 'publishDraft',
  tags: ['Drafts'],
  summary: 'Publish a draft as an article, in one transaction',
  description:
    'Title from the draft; content from its sections (`## heading`, blank line, content) followed by `ctaContent`; ' +
    '`seoTitle`, `metaDescription` and `focusKeyphrase` from the draft metadata when they are strings. ' +
    'The draft is deleted unless `keepDraft` is true. With If-Match, only if the draft is still that version.',
  security: bearerAuth,
  request: {
    params: IdParams,
    headers: IdempotencyHeaders.extend(IfMatchHeaders.shape),
    body: jsonBody(PublishDraftBody, 'Send `{}` for the defaults'),
  },
  responses: {
    201: {
      ...jsonContent(ArticleResponse, 'The article created from the draft'),
      headers: {
        ETag: { schema: { type: 'string' as const }, description: 'The article version' },
        Location: { schema: { type: 'string' as const }, description: '`/v1/articles/{id}`' },
      },
    },
    ...problemResponses(400, 401, 404, 409, 412, 413, 415, 422),
  },
});

export const createDraftsRoutes = () =>
  createRouter()
    .openapi(createDraftRoute, async (c) => {
      const row = await c.var.services.drafts.create(c.var.userId, c.req.valid('json'));
      return c.json(toDraftResponse(row), 201, { ETag: etagOf(row.version), Location: `/v1/drafts/${row.id}` });
    })
    .openapi(listDraftsRoute, async (c) => {
      const page = await c.var.services.drafts.list(c.var.userId, c.req.valid('query'));
      return c.json(presentPage(page, toDraftResponse), 200);
    })
    .openapi(getDraftRoute, async (c) => {
      const row = await c.var.services.drafts.get(c.var.userId, c.req.valid('param').id);
      const etag = etagOf(row.version);
      if (matchesIfNoneMatch(c.req.valid('header')['If-None-Match'], etag)) return c.body(null, 304, { ETag: etag });
      return c.json(toDraftResponse(row), 200, { ETag: etag });
    })
    .openapi(updateDraftRoute, async (c) => {
      const expectedVersion = expectedVersionOf(c.req.valid('header')['If-Match']);
      const { id } = c.req.valid('param');
      const row = await c.var.services.drafts.update(c.var.userId, id, c.req.valid('json'), expectedVersion);
      return c.json(toDraftResponse(row), 200, { ETag: etagOf(row.version) });
    })
    .openapi(deleteDraftRoute, async (c) => {
      const expectedVersion = expectedVersionOf(c.req.valid('header')['If-Match']);
      await c.var.services.drafts.remove(c.var.userId, c.req.valid('param').id, expectedVersion);
      return c.body(null, 204);
    })
    .openapi(publishDraftRoute, async (c) => {
      const expectedVersion = expectedVersionOf(c.req.valid('header')['If-Match']);
      const { id } = c.req.valid('param');
      const article = await c.var.services.drafts.publish(c.var.userId, id, c.req.valid('json'), expectedVersion);
      return c.json(toArticleResponse(article), 201, {
        ETag: etagOf(article.version),
        Location: `/v1/articles/${article.id}`,
      });
    });
