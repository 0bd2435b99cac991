import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { requireAuth } from '../../http/auth.ts';
import { createRouter } from '../../http/env.ts';
import { bearerAuth, jsonBody, jsonContent, problemResponses } from '../../http/openapi.ts';
import { SettingsResponse, toSettingsResponse, UpdateSettingsBody } from './settings.schemas.ts';
import { getSettings, updateSettings } from './settings.service.ts';

const tags = ['Settings'];

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getSettings',
  tags,
  summary: 'The user’s settings (created with the defaults on first read)',
  security: bearerAuth,
  responses: { 200: jsonContent(SettingsResponse, 'The settings'), ...problemResponses(401) },
});

const updateSettingsRoute = createRoute({
  method: 'patch',
  path: '/',
  operationId: 'updateSettings',
  tags,
  summary: 'Change some settings; fields left out keep their value',
  security: bearerAuth,
  request: { body: jsonBody(UpdateSettingsBody) },
  responses: {
    200: jsonContent(SettingsResponse, 'The settings'),
    ...problemResponses(400, 401, 413, 415),
  },
});

export function createSettingsRoutes(deps: Deps) {
  const router = createRouter();
  router.use('*', requireAuth(deps));

  return router
    .openapi(getSettingsRoute, async (c) => c.json(toSettingsResponse(await getSettings(deps, c.get('userId'))), 200))
    .openapi(updateSettingsRoute, async (c) => {
      const row = await updateSettings(deps, c.get('userId'), c.req.valid('json'));
      return c.json(toSettingsResponse(row), 200);
    });
}
