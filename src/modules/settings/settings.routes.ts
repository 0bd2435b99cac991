import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import { jsonBody, jsonContent, problemResponses } from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import { toSettingsResponse } from './settings.presenter.ts';
import { SettingsResponse, UpdateSettingsBody } from './settings.schemas.ts';

const tags = ['Settings'];

const getSettingsRoute = defineRoute({
  method: 'get',
  path: '/',
  operationId: 'getSettings',
  tags,
  summary: 'The user’s settings (created with the defaults on first read)',
  security: bearerAuth,
  responses: { 200: jsonContent(SettingsResponse, 'The settings'), ...problemResponses(401) },
});

const updateSettingsRoute = defineRoute({
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

/** Mounted at `/v1/settings`. */
export const createSettingsRoutes = () =>
  createRouter()
    .openapi(getSettingsRoute, async (c) =>
      c.json(toSettingsResponse(await c.var.services.settings.get(c.var.userId)), 200),
    )
    .openapi(updateSettingsRoute, async (c) => {
      const row = await c.var.services.settings.update(c.var.userId, c.req.valid('json'));
      return c.json(toSettingsResponse(row), 200);
    });
