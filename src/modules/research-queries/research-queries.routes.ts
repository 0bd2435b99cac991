import { presentPage } from '../../db/cursor.ts';
import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import { IdempotencyHeaders, IdParams, jsonBody, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { toResearchQueryResponse } from './research-queries.presenter.ts';
import {
  CreateResearchQueryBody,
  ListResearchQueriesQuery,
  LookupResearchQueryQuery,
  ResearchQueryPage,
  ResearchQueryResponse,
} from './research-queries.schemas.ts';

const tags = ['Research queries'];
const security = bearerAuth;

const createResearchQueryRoute = defineRoute({
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

const listResearchQueriesRoute = defineRoute({
  method: 'get',
  path: '/v1/research-queries',
  operationId: 'listResearchQueries',
  tags,
  security,
  summary: 'Your research history, newest first, optionally filtered by a substring',
  request: { query: ListResearchQueriesQuery },
  responses: { 200: jsonContent(ResearchQueryPage, 'A page of research queries'), ...problemResponses(400, 401) },
});

const lookupResearchQueryRoute = defineRoute({
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

const getResearchQueryRoute = defineRoute({
  method: 'get',
  path: '/v1/research-queries/{id}',
  operationId: 'getResearchQuery',
  tags,
  security,
  summary: 'One of your research queries',
  request: { params: IdParams },
  responses: { 200: jsonContent(ResearchQueryResponse, 'The research query'), ...problemResponses(400, 401, 404) },
});

const deleteResearchQueryRoute = defineRoute({
  method: 'delete',
  path: '/v1/research-queries/{id}',
  operationId: 'deleteResearchQuery',
  tags,
  security,
  summary: 'Delete a research query from your history',
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

// `/lookup` is declared before `/{id}` so that it is never read as an id.
export const createResearchQueryRoutes = () =>
  createRouter()
    .openapi(createResearchQueryRoute, async (c) => {
      const row = await c.var.services.researchQueries.create(c.var.userId, c.req.valid('json'));
      return c.json(toResearchQueryResponse(row), 201, { Location: `/v1/research-queries/${row.id}` });
    })
    .openapi(listResearchQueriesRoute, async (c) => {
      const page = await c.var.services.researchQueries.list(c.var.userId, c.req.valid('query'));
      return c.json(presentPage(page, toResearchQueryResponse), 200);
    })
    .openapi(lookupResearchQueryRoute, async (c) => {
      const row = await c.var.services.researchQueries.lookup(c.var.userId, c.req.valid('query').query);
      return c.json(toResearchQueryResponse(row), 200);
    })
    .openapi(getResearchQueryRoute, async (c) => {
      const row = await c.var.services.researchQueries.get(c.var.userId, c.req.valid('param').id);
      return c.json(toResearchQueryResponse(row), 200);
    })
    .openapi(deleteResearchQueryRoute, async (c) => {
      await c.var.services.researchQueries.remove(c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    });
