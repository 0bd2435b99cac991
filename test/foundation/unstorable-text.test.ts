import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { createUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

// PostgreSQL cannot store NUL, nor an unpaired surrogate as UTF-8: such input is a 400 naming the
// field on every route, never a 500 from the INSERT.
describe('text PostgreSQL cannot store', () => {
  it('is a 400 naming the field in any JSON body', async () => {
    const { token } = await createUser(ctx.current);
    const cases: Array<[string, unknown, string]> = [
      ['/v1/articles', { title: 'Null\u0000byte', content: 'x' }, 'title'],
      ['/v1/research-queries', { query: 'ok', sources: [{ title: 'lone \ud800 surrogate' }] }, 'sources.0.title'],
      [
        '/v1/media-assets',
        { type: 'IMAGE', provider: 'GEMINI', prompt: 'p', metadata: { 'k\u0000': 1 } },
        'metadata.k\u0000',
      ],
    ];
    for (const [path, body, field] of cases) {
      const response = await call(ctx.current.app, 'POST', path, { token, body });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
    }
  });

  it('is a 400 naming the parameter in a query string', async () => {
    const { token } = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'GET', '/v1/articles?q=a%00b', { token });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'q', message: expect.any(String) }]);
  });

  it('leaves well-formed astral characters alone', async () => {
    const { token } = await createUser(ctx.current);
    const response = await call(ctx.current.app, 'POST', '/v1/research-queries', {
      token,
      body: { query: 'rockets 🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢' },
    });
    expect(response.status).toBe(201);
  });
});
