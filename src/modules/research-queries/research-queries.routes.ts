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
  CreateResearchQueryBody,
  ListResearchQueriesQuery,
  LookupResearchQueryQuery,
  ResearchQueryPage,
  ResearchQueryResponse,
} from './research-queries.schemas.ts';
import { createResearchQueriesService } from './research-queries.service.ts';

const tags = ['Research queries'];
const security = bearerAuth;

const createResearchQueryRoute = createRoute({
  method: 'post',
  path: '/v1/research-queries',
  operationId: 'createResearchQuery',
  tags,
  security,
  summary: 'Store a research query and its result',
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateResearchQueryBody) },
  responses: {
    201: jsonContent(ResearchQueryResponse, 'The stored research query'),
    ...problemResponses(400, 401, 409, 413, 415, 422),
  },
});

const listResearchQueriesRoute = createRoute({
  method: 'get',
  path: '/v1/research-queries',
  operationId: 'listResearchQueries',
  tags,
  security,
  summary: 'Your research history, newest first, optionally filtered by a substring',
  request: { query: ListResearchQueriesQuery },
  responses: { 200: jsonContent(ResearchQueryPage, 'A page of research queries'), ...problemResponses(400, 401) },
});

const lookupResearchQueryRoute = createRoute({
  method: 'get',
  path: '/v1/research-queries/lookup',
  operationId: 'lookupResearchQuery',
  tags,
  security,
  summary: 'The latest stored result for the same normalised query; records the hit as a new row',
  request: { query: LookupResearchQueryQuery },
  responses: {
    200: jsonContent(ResearchQueryResponse, 'The row recorded for this hit, with `cached: true`'),
    ...problemResponses(400, 401, 404),
  },
});

const getResearchQueryRoute = createRoute({
  method: 'get',
  path: '/v1/research-queries/{id}',
  operationId: 'getResearchQuery',
  tags,
  security,
  summary: 'One of your research queries',
  request: { params: IdParams },
  responses: { 200: jsonContent(ResearchQueryResponse, 'The research query'), ...problemResponses(400, 401, 404) },
});

const deleteResearchQueryRoute = createRoute({
  method: 'delete',
  path: '/v1/research-queries/{id}',
  operationId: 'deleteResearchQuery',
  tags,
  security,
  summary: 'Delete a research query from your history',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

export function createResearchQueryRoutes(deps: Deps) {
  const service = createResearchQueriesService(deps);
  const router = createRouter();
  router.use('/v1/research-queries', requireAuth(deps));
  router.use('/v1/research-queries/*', requireAuth(deps));
  router.on('POST', '/v1/research-queries', idempotent(deps));

  // `/lookup` is declared before `/{id}` so that it is never read as an id.
  return router
    .openapi(createResearchQueryRoute, async (c) => {
      const created = await service.create(c.var.userId, c.req.valid('json'));
      return c.json(created, 201, { Location: `/v1/research-queries/${created.id}` });
    })
    .openapi(listResearchQueriesRoute, async (c) => c.json(await service.list(c.var.userId, c.req.valid('query')), 200))
    .openapi(lookupResearchQueryRoute, async (c) =>
      c.json(await service.lookup(c.var.userId, c.req.valid('query').query), 200),
    )
    .openapi(getResearchQueryRoute, async (c) => c.json(await service.get(c.var.userId, c.req.valid('param').id), 200))
    .openapi(deleteResearchQueryRoute, async (c) => {
      await service.remove(c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
