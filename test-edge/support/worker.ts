import { unstable_startWorker } from 'wrangler';
import { startUpstashBridge, type UpstashBridge } from '../../test/helpers/upstash-bridge.ts';
import { createFreshDatabase, type FreshDatabase } from './database.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';

export interface EdgeStack {
  /** Where workerd serves the Worker. */
  baseUrl: string;
  database: FreshDatabase;
  mail: MailCatcher;
  /** 'upstash' when TEST_REDIS_URL is set (real Redis through the REST bridge), else the isolate's memory. */
  cacheKind: 'upstash' | 'memory';
  close(): Promise<void>;
}

export const TEST_SECRETS = {
  JWT_SECRET: 'edge-test-secret-that-is-at-least-32-bytes',
  ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
};

/**
 * The Worker of wrangler.toml running in local workerd (the same bundle `wrangler deploy` builds),
 * on a fresh migrated PostgreSQL database, with Redis over HTTP through the Upstash-compatible
 * bridge, and emails delivered to a webhook this process reads.
 */
export async function startEdgeStack(vars: Record<string, string> = {}): Promise<EdgeStack> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is required');
  const redisUrl = process.env.TEST_REDIS_URL;

  const database = await createFreshDatabase(serverUrl, 'finity_edge');
  const mail = await startMailCatcher();
  let bridge: UpstashBridge | undefined;
  if (redisUrl) bridge = await startUpstashBridge({ redisUrl, token: `edge-${crypto.randomUUID()}` });

  const bindings = Object.fromEntries(
    Object.entries({
      ...TEST_SECRETS,
      DATABASE_URL: database.url,
      EMAIL_WEBHOOK_URL: mail.url,
      APP_URL: 'http://finity.edge.test',
      LOG_LEVEL: 'warn',
      ...(bridge ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token } : {}),
      ...vars,
    }).map(([name, value]) => [name, { type: 'plain_text' as const, value }]),
  );

  // Local runs need no network: skip miniflare's download of a sample `request.cf` object.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    envFiles: [],
    sendMetrics: false,
    // The API does not derive this from the config as `wrangler dev`/`deploy` do; without it the
    // bundle skips the nodejs_compat polyfills that the deployed Worker gets.
    build: { nodejsCompatMode: 'v2' },
    bindings,
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: (process.env.EDGE_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
    },
  });
  await worker.ready;
  const baseUrl = (await worker.url).toString().replace(/\/$/, '');

  return {
    baseUrl,
    database,
    mail,
    cacheKind: bridge ? 'upstash' : 'memory',
    async close() {
      await worker.dispose();
      await Promise.allSettled([mail.close(), bridge?.close(), database.drop()]);
    },
  };
}
