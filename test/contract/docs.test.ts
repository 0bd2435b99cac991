import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadScalarBundle } from '../../src/openapi/scalar-bundle.ts';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();
const bundle = await loadScalarBundle();

describe('/docs', () => {
  it('on Node loads nothing from another origin: Scalar comes from this server', async () => {
    const app = createApp(ctx.current.services, { scalarBundle: bundle });
    const page = await call(app, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<script src="/docs/scalar.js">');
    expect(page.text).toContain('"url": "/openapi.json"');
    // No absolute or protocol-relative URL at all: no CDN script, no web fonts.
    expect(page.text).not.toMatch(/https?:\/\/|["'(]\/\//);
    expect(page.text).toContain('"withDefaultFonts": false');
    expect(page.text).toContain('"telemetry": false');
  });

  it('serves the Scalar bundle from the installed package with long cache headers', async () => {
    const app = createApp(ctx.current.services, { scalarBundle: bundle });
    // An asset, not an API operation: deliberately outside the OpenAPI document.
    const script = await call(app, 'GET', '/docs/scalar.js', { contract: false });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(script.headers.get('cache-control')).toMatch(/public, max-age=\d{5,}/);
    expect(script.text.length).toBeGreaterThan(1_000_000);
    expect(script.text).toContain('createApiReference');
  });

  it('without the bundle (the Workers build) points at Scalar’s CDN and serves no asset', async () => {
    const page = await call(ctx.current.app, 'GET', '/docs');
    expect(page.text).toContain('<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference">');
    const script = await call(ctx.current.app, 'GET', '/docs/scalar.js');
    expect(script.status).toBe(404);
  });
});
