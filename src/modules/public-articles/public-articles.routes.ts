import type { Hono } from 'hono';
import type { Config } from '../../config.ts';
import { matchesIfNoneMatch } from '../../http/etag.ts';
import { type FastReadSetup, fastRead } from '../../http/fast-path/fast-read.ts';
import { serializedJson } from '../../http/serialized-json.ts';
import { defineRoute } from '../../openapi/route.ts';
import { IfNoneMatchHeaders, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import type { CachedArticlePage } from './public-articles.cache.ts';
import {
  ListPublicArticlesQuery,
  PublicArticlePage,
  PublicArticleResponse,
  SlugParams,
} from './public-articles.schemas.ts';
import type { PublicArticlesService } from './public-articles.service.ts';

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

interface Readers {
  publicArticles: PublicArticlesService;
  config: Pick<Config, 'publicCacheControl'>;
}

/** The feed page's answer, shared by the stock route and the fast path. */
async function feedAnswer({ publicArticles, config }: Readers, query: { limit: number; cursor?: string }) {
  const body = await publicArticles.feedPage(query);
  return {
    status: 200,
    body,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': config.publicCacheControl },
  };
}

type ArticleAnswer =
  | { status: 200; body: CachedArticlePage['body']; headers: Record<string, string> }
  | { status: 304; body: null; headers: Record<string, string> };

/** The article's answer (304 when `If-None-Match` holds its ETag), shared by the stock route and the fast path. */
async function articleAnswer(
  { publicArticles, config }: Readers,
  slug: string,
  ifNoneMatch: string | undefined,
): Promise<ArticleAnswer> {
  const page = await publicArticles.article(slug);
  if (matchesIfNoneMatch(ifNoneMatch, page.etag)) {
    return {
      status: 304,
      body: null,
      headers: { ETag: page.etag, 'Cache-Control': config.publicCacheControl },
    };
  }
  return {
    status: 200,
    body: page.body,
    headers: { ETag: page.etag, 'Cache-Control': config.publicCacheControl, 'Content-Type': 'application/json' },
  };
}

export const createPublicArticlesRoutes = () =>
  createRouter()
    .openapi(listPublicArticlesRoute, async (c) => {
      const answer = await feedAnswer(c.var.services, c.req.valid('query'));
      return serializedJson<PublicArticlePage, 200>(c, answer.body, 200, answer.headers);
    })
    .openapi(getPublicArticleRoute, async (c) => {
      const answer = await articleAnswer(
        c.var.services,
        c.req.valid('param').slug,
        c.req.valid('header')['If-None-Match'],
      );
      if (answer.status === 304) return c.body(null, 304, answer.headers);
      return serializedJson<PublicArticleResponse, 200>(c, answer.body, 200, answer.headers);
    });

/**
 * The two public reads on the fast path (src/http/fast-path/), answering before the app-wide
 * middleware with services fixed for the process: Node and the tests. Registered ahead of it by
 * `createApp`; the stock routes above stay the documented ones, and serve where services are per
 * request (Workers).
 */
export function mountFastPublicReads(app: Hono<any>, readers: Readers, setup: FastReadSetup) {
  app.get(
    '/v1/public/articles',
    fastRead(setup, listPublicArticlesRoute, ({ query }: { query: { limit: number; cursor?: string } }) =>
      feedAnswer(readers, query),
    ),
  );
  app.get(
    '/v1/public/articles/:slug',
    fastRead(
      setup,
      getPublicArticleRoute,
      ({ param, header }: { param: { slug: string }; header: { 'If-None-Match'?: string } }) =>
        articleAnswer(readers, param.slug, header['If-None-Match']),
    ),
  );
}
