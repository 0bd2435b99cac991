import { createApp } from '../src/app.ts';
import { createMemoryCache } from '../src/cache/memory.ts';
import { loadConfig } from '../src/config.ts';
import { TokenSigner } from '../src/crypto/tokens.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import type { Deps } from '../src/deps.ts';
import { createLogger } from '../src/logger.ts';

/** Fixed, non-secret settings: the document must not depend on the environment it is generated in. */
const DOCUMENT_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'openapi-generation-only-secret-0123456789',
  ENCRYPTION_KEY: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  APP_URL: 'http://localhost:3000',
} as const;

const noDatabase = new Proxy({} as DatabaseHandle['db'], {
  get() {
    throw new Error('generating the OpenAPI document must not touch the database');
  },
});

/** The app built over inert parts: enough to generate its document, never to serve data. */
export function createDocumentApp() {
  const config = loadConfig(DOCUMENT_ENV);
  const deps: Deps = {
    config,
    database: { db: noDatabase, driver: 'pglite', ping: async () => {}, close: async () => {} },
    cache: createMemoryCache(),
    mailer: { send: async () => {} },
    clock: { now: () => new Date(0) },
    logger: createLogger('silent'),
    signer: new TokenSigner(config.jwtSecret),
  };
  return createApp(deps);
}

/** The exact bytes the app serves at /openapi.json. */
export async function renderOpenApiDocument(): Promise<string> {
  const response = await createDocumentApp().request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}: ${await response.text()}`);
  return response.text();
}
