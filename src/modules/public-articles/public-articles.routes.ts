import { matchesIfNoneMatch } from '../../http/etag.ts';
import { serializedJson } from '../../http/serialized-json.ts';
import { defineRoute } from '../../openapi/route.ts';
import { IfNoneMatchHeaders, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import {
  ListPublicArticlesQuery,
  PublicArticlePage,
  PublicArticleResponse,
  SlugParams,
} from './public-articles.schemas.ts';

const tags = ['Public articles'];
const cacheHeaders = {
  ETag: { schema: { type: 'string' as const }, description: 'Changes whenever the body changes' },
  'Cache-Control': { schema: { type: 'string' as const }, description: 'From PUBLIC_CACHE_CONTROL' },
};

const listPublicArticlesRoute = defineRoute({
  method: 'get',
  path: '/v1/public/articles',
  operationId: 'listPublicArticles',
  tags,
  summary: 'Published articles of every author, newest publication first (no token needed)',
  security: [],
  request: { query: ListPublicArticlesQuery },
  responses: {
    200: {
      ...jsonContent(PublicArticlePage, 'A page of published articles'),
      headers: { 'Cache-Control': cacheHeaders['Cache-Control'] },
    },
    ...problemResponses(400),
  },
});

const getPublicArticleRoute = defineRoute({
  method: 'get',
  path: '/v1/public/articles/{slug}',
  operationId: 'getPublicArticle',
  tags,
  summary: 'One published article by slug, with its HTML and author (no token needed)',
  description: 'Anything not PUBLISHED, and any slug that cannot exist, is 404.',
  security: [],
  request: { params: SlugParams, headers: IfNoneMatchHeaders },
  responses: {
    200: { ...jsonContent(PublicArticleResponse, 'The published article'), headers: cacheHeaders },
    304: { description: 'The ETag in If-None-Match is current', headers: cacheHeaders },
    ...problemResponses(404),
  },
});

export const createPublicArticlesRoutes = () =>
  createRouter()
    .openapi(listPublicArticlesRoute, async (c) => {
      const { publicArticles, config } = c.var.services;
      const body = await publicArticles.feedPage(c.req.valid('query'));
      return serializedJson<PublicArticlePage, 200>(c, body, 200, { 'Cache-Control': config.publicCacheControl });
    })
    .openapi(getPublicArticleRoute, async (c) => {
      const { publicArticles, config } = c.var.services;
      const page = await publicArticles.article(c.req.valid('param').slug);
      const headers = { ETag: page.etag, 'Cache-Control': config.publicCacheControl };
      if (matchesIfNoneMatch(c.req.valid('header')['If-None-Match'], page.etag)) return c.body(null, 304, headers);
      return serializedJson<PublicArticleResponse, 200>(c, page.body, 200, headers);
    });
