import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createRouter } from './env.ts';
import { handleError } from './problem.ts';

const route = createRoute({
  method: 'get',
  path: '/things/{id}',
  request: {
    params: z.object({ id: z.string().max(3) }),
    query: z.object({ q: z.string().optional(), tag: z.array(z.string()).optional() }),
    headers: z.object({ 'If-None-Match': z.string().max(8).optional() }),
  },
  responses: { 200: { description: 'What the handler was handed' } },
});

function app() {
  const router = createRouter();
  router.openapi(route, (c) =>
    c.body(
      JSON.stringify({ param: c.req.valid('param'), query: c.req.valid('query'), header: c.req.valid('header') }),
      200,
    ),
  );
  router.onError(handleError(createLogger('silent')));
  return router;
}

describe('query, path and header checks', () => {
  it('hands the handler the parsed inputs: only the declared headers, under their declared names', async () => {
    const response = await app().request('/things/ab?q=x&tag=a&tag=b', {
      headers: { 'if-none-match': '"1"', 'x-other': 'not declared' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      param: { id: 'ab' },
      query: { q: 'x', tag: ['a', 'b'] },
      header: { 'If-None-Match': '"1"' },
    });
  });

  it.each([
    ['/things/abcd', {}, 'path', 'id'],
    ['/things/ab?q=x&q=y', {}, 'query', 'q'],
    ['/things/ab', { 'If-None-Match': '"123456789"' }, 'headers', 'If-None-Match'],
  ])('answers %s with a 400 naming the bad %s field', async (url, headers, target, path) => {
    const response = await app().request(url, { headers });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.detail).toBe(`The request ${target} is not valid.`);
    expect(problem.errors.map((error: { path: string }) => error.path)).toEqual([path]);
  });

  it('documents the route as declared', () => {
    const router = app();
    const document = router.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const parameters = document.paths?.['/things/{id}']?.get?.parameters as Array<{ name: string; in: string }>;
    expect(parameters.map((parameter) => `${parameter.in}:${parameter.name}`).sort()).toEqual([
      'header:If-None-Match',
      'path:id',
      'query:q',
      'query:tag',
    ]);
  });
});
