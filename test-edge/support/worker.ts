import { inject } from 'vitest';
import { startUpstashBridge, type UpstashBridge } from '../../test/helpers/upstash-bridge.ts';
import { createFreshDatabase, type FreshDatabase } from './database.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { type RunningWorker, startWorkerd } from './workerd.ts';

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

/** Miniflare's Hyperdrive wants a password in the URL; a server on trust auth (CI's) never asks for it. */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'unused';
  return parsed.toString();
}

export interface EdgeStackOptions {
  /** Reach PostgreSQL through a HYPERDRIVE binding instead of DATABASE_URL. */
  viaHyperdrive?: boolean;
}

/**
 * The deploy bundle (built once by the global setup) running in local workerd, on a fresh migrated
 * PostgreSQL database, with Redis over HTTP through the Upstash-compatible bridge, and emails
 * delivered to a webhook this process reads.
 */
export async function startEdgeStack(
  vars: Record<string, string> = {},
  options: EdgeStackOptions = {},
): Promise<EdgeStack> {
  const bundle = inject('workerBundle');
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!bundle || !serverUrl) throw new Error('TEST_DATABASE_URL is required');
  const redisUrl = process.env.TEST_REDIS_URL;

  const database = await createFreshDatabase(serverUrl, 'finity_edge');
  let mail: MailCatcher | undefined;
  let bridge: UpstashBridge | undefined;
  let worker: RunningWorker;
  try {
    mail = await startMailCatcher();
    if (redisUrl) bridge = await startUpstashBridge({ redisUrl, token: `edge-${crypto.randomUUID()}` });

    worker = await startWorkerd(
      bundle,
      {
        NODE_ENV: 'production',
        ...TEST_SECRETS,
        EMAIL_WEBHOOK_URL: mail.url,
        APP_URL: 'http://finity.edge.test',
        LOG_LEVEL: process.env.EDGE_LOG_LEVEL ?? 'warn',
        ...(options.viaHyperdrive ? {} : { DATABASE_URL: database.url }),
        ...(bridge ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token } : {}),
        ...vars,
      },
      options.viaHyperdrive ? { hyperdrives: { HYPERDRIVE: withPassword(database.url) } } : {},
    );
  } catch (error) {
    // A stack that failed half-way leaves nothing behind: no database, no listening server.
    await Promise.allSettled([mail?.close(), bridge?.close(), database.drop()]);
    throw error;
  }
  const baseUrl = worker.baseUrl;

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
