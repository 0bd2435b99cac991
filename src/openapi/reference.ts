import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Env } from 'hono';
import { finalizeDocument } from './document.ts';
import { defineRoute } from './route.ts';
import { ProblemSchema } from './schemas.ts';

export interface ReferenceOptions {
  /**
   * The Scalar standalone bundle (~3.5 MB), served at `/docs/scalar.js` so /docs works offline. Node
   * reads it from the package once at start; Workers leave it out to stay small, and /docs there
   * loads Scalar from its CDN.
   */
  scalarBundle?: string;
}

export const SCALAR_BUNDLE_PATH = '/docs/scalar.js';

const OpenApiDocument = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .openapi('OpenApiDocument', { description: 'An OpenAPI 3.1 document' });

const openApiRoute = defineRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['Service'],
  summary: 'This OpenAPI 3.1 document, generated from the schemas that validate requests',
  responses: { 200: { description: 'The document', content: { 'application/json': { schema: OpenApiDocument } } } },
  security: [],
});

const docsRoute = defineRoute({
  method: 'get',
  path: '/docs',
  operationId: 'getApiReference',
  tags: ['Service'],
  summary: 'Interactive API reference rendered from /openapi.json',
  responses: {
    200: { description: 'An HTML page', content: { 'text/html': { schema: z.string() } } },
  },
  security: [],
});

/** Serves /openapi.json (finalized once, then the same bytes every time) and the /docs page. */
export function mountReference<E extends Env>(
  app: OpenAPIHono<E>,
  info: Record<string, unknown>,
  options: ReferenceOptions,
) {
  app.openAPIRegistry.register('Problem', ProblemSchema);
  let documentText: string | undefined;
  // Built on first request, when every router is mounted; `npm run openapi` writes these same bytes.
  const render = () => {
    documentText ??= `${JSON.stringify(finalizeDocument(app.getOpenAPI31Document(info as any)), null, 2)}\n`;
    return documentText;
  };
  const page = Scalar({
    url: '/openapi.json',
    pageTitle: 'Finity API reference',
    // Offline and private: no web fonts, telemetry or AI agent calling Scalar's servers from the page.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: 'never',
    ...(options.scalarBundle ? { cdn: SCALAR_BUNDLE_PATH } : {}),
  } as Parameters<typeof Scalar>[0]);

  app.openapi(openApiRoute, (c) => c.body(render(), 200, { 'Content-Type': 'application/json' }) as any);
  app.openapi(docsRoute, (c, next) => page(c as any, next) as any);
  const bundle = options.scalarBundle;
  if (bundle) {
    app.get(SCALAR_BUNDLE_PATH, (c) =>
      c.body(bundle, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        // The bundle only changes with the package version, which changes the process.
        'Cache-Control': 'public, max-age=86400',
      }),
    );
  }
}
