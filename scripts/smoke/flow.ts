import assert from 'node:assert/strict';
import { createClient } from '../../test-edge/support/http.ts';
import { type MailCatcher, verificationToken } from '../../test-edge/support/mail-catcher.ts';

type Step = [name: string, run: () => Promise<void>];

/** A short end-to-end flow over HTTP: health, account, an article from creation to its public page. */
export function smokeFlow(baseUrl: string, mail: MailCatcher): Step[] {
  const call = createClient(baseUrl);
  const email = `smoke-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const password = 'correct horse battery staple';
  let token = '';
  let articleId = '';
  let slug = '';

  return [
    [
      'GET /healthz and /readyz',
      async () => {
        assert.equal((await call('GET', '/healthz')).status, 200);
        const ready = await call('GET', '/readyz');
        assert.equal(ready.status, 200, ready.text);
        assert.equal(ready.body.checks.database, 'ok');
      },
    ],
    [
      'register, verify the emailed token, log in',
      async () => {
        const registered = await call('POST', '/v1/auth/register', { body: { email, password, name: 'Smoke' } });
        assert.equal(registered.status, 201, registered.text);
        const verified = await call('POST', '/v1/auth/verify-email', {
          body: { token: verificationToken(await mail.next(email)) },
        });
        assert.equal(verified.status, 200, verified.text);
        const login = await call('POST', '/v1/auth/login', { body: { email, password } });
        assert.equal(login.status, 200, login.text);
        token = login.body.accessToken;
        assert.equal((await call('GET', '/v1/me', { token })).body.email, email);
      },
    ],
    [
      'create, read and publish an article',
      async () => {
        const created = await call('POST', '/v1/articles', {
          token,
          body: { title: 'Smoke Test Brew', content: 'Hello **world**' },
        });
        assert.equal(created.status, 201, created.text);
        articleId = created.body.id;
        slug = created.body.slug;
        const read = await call('GET', `/v1/articles/${articleId}`, { token });
        assert.equal(read.status, 200);
        assert.match(read.body.htmlContent, /<strong>world<\/strong>/);
        const published = await call('PATCH', `/v1/articles/${articleId}`, { token, body: { status: 'PUBLISHED' } });
        assert.equal(published.status, 200, published.text);
      },
    ],
    [
      'public page with ETag and 304',
      async () => {
        const page = await call('GET', `/v1/public/articles/${slug}`);
        assert.equal(page.status, 200, page.text);
        const etag = page.headers.get('etag');
        assert.ok(etag);
        const again = await call('GET', `/v1/public/articles/${slug}`, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304);
      },
    ],
    [
      'logout revokes the token',
      async () => {
        assert.equal((await call('POST', '/v1/auth/logout', { token })).status, 204);
        assert.equal((await call('GET', '/v1/me', { token })).status, 401);
      },
    ],
  ];
}
