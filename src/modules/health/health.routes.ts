import { z } from '@hono/zod-openapi';
import { defineRoute } from '../../openapi/route.ts';
import { createRouter } from '../../router.ts';

const HealthResponse = z.object({ status: z.literal('ok') }).openapi('Health');

const ReadinessResponse = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    checks: z.object({
      database: z.enum(['ok', 'unavailable']),
      cache: z.enum(['ok', 'unavailable', 'not-configured']),
    }),
  })
  .openapi('Readiness');

const healthRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getHealth',
  tags: ['Service'],
  summary: 'Liveness: 200 while the process lives',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthResponse } } } },
  security: [],
});

const readinessRoute = defineRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  tags: ['Service'],
  summary: 'Readiness: 200 when the database (and the cache, if configured) answer',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadinessResponse } } },
    503: {
      description: 'A dependency is down; `checks` names it',
      content: { 'application/json': { schema: ReadinessResponse } },
    },
  },
  security: [],
});

const PING_TIMEOUT_MS = 2000;

async function answers(ping: () => Promise<void>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([ping(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const createHealthRoutes = () =>
  createRouter()
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readinessRoute, async (c) => {
      const deps = c.var.services;
      const remoteCache = deps.cache.kind !== 'memory';
      const [database, cache] = await Promise.all([
        answers(deps.database.ping),
        remoteCache ? answers(deps.cache.ping) : Promise.resolve(true),
      ]);
      const checks = {
        database: database ? ('ok' as const) : ('unavailable' as const),
        cache: !remoteCache ? ('not-configured' as const) : cache ? ('ok' as const) : ('unavailable' as const),
      };
      if (!database || !cache) {
        // Without the cache the API still serves (degraded); without the database it cannot.
        return c.json({ status: database ? ('degraded' as const) : ('unavailable' as const), checks }, 503);
      }
      return c.json({ status: 'ok' as const, checks }, 200);
    });
