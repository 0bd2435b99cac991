import { describe, expect, it } from 'vitest';
import { createApp, serveWith } from '../../src/app.ts';
import { postArticle } from '../articles/articles.helpers.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

// Node and the tests serve the public reads through the fast path (src/http/fast-path/); a Worker,
// whose services are per request, through the stock routes. Both must answer alike, header for header.
const ctx = useTestContext({ env: { CORS_ORIGINS: 'https://blog.example.com' } });

const stockApp = () =>
  createApp({
    config: ctx.current.config,
    logger: ctx.current.services.logger,
    provideServices: serveWith(ctx.current.services),
  });

/** Status, body and every header but the ones that differ per response by nature. */
async function answerOf(app: ReturnType<typeof createApp>, method: string, path: string, headers = {}) {
  // A HEAD answer has no body for the contract to check.
  const response = await call(app, method, path, { headers, contract: method !== 'HEAD' });
  const shown = Object.fromEntries([...response.headers].filter(([name]) => name !== 'x-request-id'));
  return { status: response.status, body: response.text, headers: shown };
}

describe('the fast path of the public reads', () => {
  it('answers every kind of public read exactly as the stock routes do', async () => {
    const author = await createUser(ctx.current, { name: 'Fast Author' });
    await postArticle(ctx.current, author, { title: 'Fast Piece', content: '# Fast\n\nText.', status: 'PUBLISHED' });
    const page = await call(ctx.current.app, 'GET', '/v1/public/articles/fast-piece');
    const etag = page.headers.get('etag') ?? '';
    const origin = { origin: 'https://blog.example.com' };
    const requests: Array<[string, string, Record<string, string>?]> = [
      ['GET', '/v1/public/articles/fast-piece'],
      ['GET', '/v1/public/articles/fast-piece', { 'if-none-match': etag }],
      ['GET', '/v1/public/articles/fast-piece', { 'if-none-match': 'x'.repeat(2000) }],
      ['HEAD', '/v1/public/articles/fast-piece'],
      ['GET', '/v1/public/articles/no-such-piece'],
      ['GET', '/v1/public/articles/Not%20A%20Slug'],
      ['GET', '/v1/public/articles?limit=1'],
      ['GET', '/v1/public/articles?limit=0'],
      ['GET', '/v1/public/articles?cursor=forged'],
      ['GET', '/v1/public/articles/fast-piece', origin],
      ['GET', '/v1/public/articles', { origin: 'https://elsewhere.example.com' }],
    ];
    const fast = ctx.current.app;
    const stock = stockApp();
    for (const [method, path, headers] of requests) {
      const expected = await answerOf(stock, method, path, headers);
      expect(await answerOf(fast, method, path, headers), `${method} ${path} ${JSON.stringify(headers ?? {})}`).toEqual(
        expected,
      );
    }
  });

  it('logs one access-log line per read, with its request id and status', async () => {
    const before = ctx.current.logLines.length;
    const response = await call(ctx.current.app, 'GET', '/v1/public/articles/missing-one', {
      headers: { 'x-request-id': 'fast-1' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('fast-1');
    const lines = ctx.current.logLines.slice(before).map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({
        requestId: 'fast-1',
        method: 'GET',
        path: '/v1/public/articles/missing-one',
        status: 404,
      }),
    ]);
  });
});
