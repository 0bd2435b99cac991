import { etagOf, expectedVersionOf, matchesIfNoneMatch } from '../../http/etag.ts';
import { serializedJson } from '../../http/serialized-json.ts';
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
import { toArticleResponse } from './articles.presenter.ts';
import {
  ArticlePage,
  ArticleResponse,
  CreateArticleBody,
  ListArticlesQuery,
  UpdateArticleBody,
} from './articles.schemas.ts';

const tags = ['Articles'];

const createArticleRoute = defineRoute({
  method: 'post',
  path: '/v1/articles',
  operationId: 'createArticle',
  tags,
  summary: 'Create an article from Markdown',
  description:
    'The server renders `content` to sanitised `htmlContent` and counts `wordCount`. Without `slug`, one is made ' +
    'from the title (accents transliterated) and suffixed until unique; a given `slug` that is taken is 409.',
  security: bearerAuth,
  request: { headers: IdempotencyHeaders, body: jsonBody(CreateArticleBody) },
  responses: {
    201: jsonContentWithEtag(ArticleResponse, 'The created article'),
    ...problemResponses(400, 401, 409, 413, 415, 422),
  },
});

const listArticlesRoute = defineRoute({
  method: 'get',
  path: '/v1/articles',
  operationId: 'listArticles',
  tags,
  summary: 'The user’s articles, newest first',
  description: 'Items are summaries without `content` and `htmlContent`; `GET /v1/articles/{id}` has them.',
  security: bearerAuth,
  request: { query: ListArticlesQuery },
  responses: { 200: jsonContent(ArticlePage, 'A page of articles'), ...problemResponses(400, 401) },
});

const getArticleRoute = defineRoute({
  method: 'get',
  path: '/v1/articles/{id}',
  operationId: 'getArticle',
  tags,
  summary: 'One article',
  security: bearerAuth,
  request: { params: IdParams, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContentWithEtag(ArticleResponse, 'The article'),
    304: { description: 'The ETag in If-None-Match is current', headers: etagHeader },
    ...problemResponses(400, 401, 404),
  },
});

const updateArticleRoute = defineRoute({
  method: 'patch',
  path: '/v1/articles/{id}',
  operationId: 'updateArticle',
  tags,
  summary: 'Change an article; with If-Match, only if it is still that version',
  description: '`publishedAt` is set the first time `status` becomes PUBLISHED and kept after that.',
  security: bearerAuth,
  request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(UpdateArticleBody) },
  responses: {
    200: jsonContentWithEtag(ArticleResponse, 'The updated article'),
    ...problemResponses(400, 401, 404, 409, 412, 413, 415),
  },
});

const deleteArticleRoute = defineRoute({
  method: 'delete',
  path: '/v1/articles/{id}',
  operationId: 'deleteArticle',
  tags,
  summary: 'Delete an article; its media assets stay, with `articleId: null`',
  security: bearerAuth,
  request: { params: IdParams },
  responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 401, 404) },
});

export const createArticlesRoutes = () =>
  createRouter()
    .openapi(createArticleRoute, async (c) => {
      const row = await c.var.services.articles.create(c.var.userId, c.req.valid('json'));
      return c.json(toArticleResponse(row), 201, { ETag: etagOf(row.version), Location: `/v1/articles/${row.id}` });
    })
    .openapi(listArticlesRoute, async (c) => {
      const body = await c.var.services.articles.list(c.var.userId, c.req.valid('query'));
      return serializedJson<ArticlePage, 200>(c, body, 200);
    })
    .openapi(getArticleRoute, async (c) => {
      const row = await c.var.services.articles.get(c.var.userId, c.req.valid('param').id);
      const etag = etagOf(row.version);
      if (matchesIfNoneMatch(c.req.valid('header')['If-None-Match'], etag)) return c.body(null, 304, { ETag: etag });
      return c.json(toArticleResponse(row), 200, { ETag: etag });
    })
    .openapi(updateArticleRoute, async (c) => {
      const expectedVersion = expectedVersionOf(c.req.valid('header')['If-Match']);
      const { id } = c.req.valid('param');
      const row = await c.var.services.articles.update(c.var.userId, id, c.req.valid('json'), expectedVersion);
      return c.json(toArticleResponse(row), 200, { ETag: etagOf(row.version) });
    })
    .openapi(deleteArticleRoute, async (c) => {
      await c.var.services.articles.remove(c.var.userId, c.req.valid('param').id);
      return c.body(null, 204);
    });
