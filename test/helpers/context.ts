import { afterAll, beforeAll } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { type Config, type ConfigSource, loadConfig } from '../../src/config.ts';
import { TokenSigner } from '../../src/crypto/tokens.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/logger.ts';
import type { Email, Mailer } from '../../src/mailer.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestCache, createTestPublicPages } from './cache.ts';
import { createTestClock, type TestClock } from './clock.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_ENV: ConfigSource = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'debug',
  JWT_SECRET: 'test-secret-that-is-at-least-32-bytes-long',
  ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  APP_URL: 'http://finity.test',
};

export interface TestContext {
  app: App;
  deps: Deps;
  /** What the app serves every request with (src/services.ts), over `deps`. */
  services: Services;
  config: Config;
  database: TestDatabase;
  clock: TestClock;
  /** Every log line written, for tests that search the log. */
  logLines: string[];
  /** Every email sent. */
  outbox: Email[];
  close(): Promise<void>;
}

export interface TestContextOptions {
  env?: ConfigSource;
  deps?: Partial<Deps>;
}

/** The app over this file's own database and cache, a fixed clock, a captured log and outbox. */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const clock = createTestClock();
  const logLines: string[] = [];
  const outbox: Email[] = [];
  const mailer: Mailer = {
    async send(email) {
      outbox.push(email);
    },
  };
  const database = await createTestDatabase();
  const cache = await createTestCache(() => clock.now().getTime());
  const publicPages = await createTestPublicPages(() => clock.now().getTime());
  const deps: Deps = {
    config,
    database,
    cache,
    publicPages,
    mailer,
    clock,
    logger: createLogger(config.logLevel, (line) => logLines.push(line)),
    signer: new TokenSigner(config.jwtSecret),
    ...options.deps,
  };
  const services = createServices(deps);
  const app = createApp(services);
  return {
    app,
    deps,
    services,
    config,
    // The database the app runs on, which a test may have swapped in through `deps`.
    database: (options.deps?.database as TestDatabase | undefined) ?? database,
    clock,
    logLines,
    outbox,
    close: async () => {
      await publicPages.close();
      await cache.close();
      await database.close();
    },
  };
}

/** The app over other parts (a cold cache, another key): what a second process on the same database would serve. */
export const appFor = (deps: Deps, options?: Parameters<typeof createApp>[1]) =>
  createApp(createServices(deps), options);

/** Registers beforeAll/afterAll for a context shared by the file; read `.current` inside tests. */
export function useTestContext(options: TestContextOptions = {}): { readonly current: TestContext } {
  const holder: { current?: TestContext } = {};
  beforeAll(async () => {
    holder.current = await createTestContext(options);
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  return {
    get current() {
      if (!holder.current) throw new Error('the test context is only available inside tests');
      return holder.current;
    },
  };
}
