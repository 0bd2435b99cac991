import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { createRouter } from '../../http/env.ts';
import { matchesIfNoneMatch } from '../../http/etag.ts';
import { IfNoneMatchHeaders, jsonContent, problemResponses } from '../../http/openapi.ts';
import { sendSerializedJson } from '../../http/present.ts';
import {
  ListPublicArticlesQuery,
  PublicArticlePage,
  PublicArticleResponse,
  SlugParams,
} from './public-articles.schemas.ts';
import { getPublicArticle, listPublicArticles } from './public-articles.service.ts';

const tags = ['Public articles'];
const cacheHeaders = {
  ETag: { schema: { type: 'string' as const }, description: 'Changes whenever the body changes' },
  'Cache-Control': { schema: { type: 'string' as const }, description: 'From PUBLIC_CACHE_CONTROL' },
};

const listPublicArticlesRoute = createRoute({
  method: 'get',
  path: '/v1/public/articles',
  operationId: 'listPublicArticles',
  tags,
  summary: 'Published articles of every author, newest publication first (no token needed)',
  request: { query: ListPublicArticlesQuery },
  responses: {
    200: {
      ...jsonContent(PublicArticlePage, 'A page of published articles'),
      headers: { 'Cache-Control': cacheHeaders['Cache-Control'] },
    },
    ...problemResponses(400),
  },
});

const getPublicArticleRoute = createRoute({
  method: 'get',
  path: '/v1/public/articles/{slug}',
  operationId: 'getPublicArticle',
  tags,
  summary: 'One published article by slug, with its HTML and author (no token needed)',
  description: 'Anything not PUBLISHED, and any slug that cannot exist, is 404.',
  request: { params: SlugParams, headers: IfNoneMatchHeaders },
  responses: {
    200: { ...jsonContent(PublicArticleResponse, 'The published article'), headers: cacheHeaders },
    304: { description: 'The ETag in If-None-Match is current', headers: cacheHeaders },
    ...problemResponses(404),
  },
});

export function createPublicArticlesRoutes(deps: Deps) {
  const cacheControl = deps.config.publicCacheControl;
  return createRouter()
    .openapi(listPublicArticlesRoute, async (c) =>
      sendSerializedJson<PublicArticlePage, 200>(c, await listPublicArticles(deps, c.req.valid('query')), 200, {
        'Cache-Control': cacheControl,
      }),
    )
    .openapi(getPublicArticleRoute, async (c) => {
      const page = await getPublicArticle(deps, c.req.valid('param').slug);
      // Two literals rather than a spread of one: a key added to a spread copy is slow on V8 (see envelope.ts).
      if (matchesIfNoneMatch(c.req.valid('header')['If-None-Match'], page.etag)) {
        return c.body(null, 304, { ETag: page.etag, 'Cache-Control': cacheControl });
      }
      return c.body(page.body, 200, {
        ETag: page.etag,
        'Cache-Control': cacheControl,
        'Content-Type': 'application/json',
      });
    });
}
