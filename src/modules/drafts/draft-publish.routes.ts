import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { createRouter } from '../../http/env.ts';
import { etagOf } from '../../http/etag.ts';
import { idempotent } from '../../http/idempotency.ts';
import {
  bearerAuth,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonBody,
  jsonContent,
  problemResponses,
} from '../../http/openapi.ts';
import { ArticleResponse } from '../articles/articles.schemas.ts';
import { toArticleResponse } from '../articles/articles.service.ts';
import { publishDraft } from './draft-publish.service.ts';
import { PublishDraftBody } from './drafts.schemas.ts';

const publishDraftRoute = createRoute({
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

/** Mounted by the drafts router, behind its authentication. */
export function createDraftPublishRoutes(deps: Deps) {
  const router = createRouter();
  router.on('POST', '/v1/drafts/:id/publish', idempotent(deps));
  return router.openapi(publishDraftRoute, async (c) => {
    const { id } = c.req.valid('param');
    const article = await publishDraft(deps, c.get('userId'), id, c.req.valid('json'), c.req.header('If-Match'));
    c.header('Location', `/v1/articles/${article.id}`);
    return c.json(toArticleResponse(article), 201, { ETag: etagOf(article.version) });
  });
}
