import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../src/app.ts';
import { createMemoryCache } from '../src/cache/memory.ts';
import { sharedPageStore } from '../src/cache/page-cache.ts';
import { loadConfig } from '../src/config.ts';
import { TokenSigner } from '../src/crypto/tokens.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import type { Deps } from '../src/deps.ts';
import { createLogger } from '../src/logger.ts';
import { createServices } from '../src/services.ts';

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
    publicPages: sharedPageStore(createMemoryCache()),
    mailer: { send: async () => {} },
    clock: { now: () => new Date(0) },
    logger: createLogger('silent'),
    signer: new TokenSigner(config.jwtSecret),
  };
  return createApp(createServices(deps));
}

/** The exact bytes the app serves at /openapi.json. */
export async function renderOpenApiDocument(): Promise<string> {
  const response = await createDocumentApp().request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}: ${await response.text()}`);
  return response.text();
}

export const DOCUMENT_FILE = 'openapi.json';
export const TYPES_FILE = 'generated/openapi-types.generated.ts';

const TYPES_HEADER = `/**
 * Types of the Finity API, generated from openapi.json by openapi-typescript.
 * Do not edit: run \`npm run openapi\` (or \`npm run client:generate\`) instead.
 */

`;

/** The client types of a document, as `npm run openapi` writes them. */
export async function renderClientTypes(documentText: string): Promise<string> {
  return `${TYPES_HEADER}${astToString(await openapiTS(JSON.parse(documentText), { alphabetize: false }))}`;
}

/** The generated files whose committed text (as `read` gives it) differs from what the code generates. */
export async function staleFiles(read: (file: string) => Promise<string>): Promise<string[]> {
  const document = await renderOpenApiDocument();
  const expected = { [DOCUMENT_FILE]: document, [TYPES_FILE]: await renderClientTypes(document) };
  const stale: string[] = [];
  for (const [file, text] of Object.entries(expected)) if ((await read(file)) !== text) stale.push(file);
  return stale;
}
