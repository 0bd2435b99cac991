import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../scripts/openapi-document.ts';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

type Json = Record<string, any>;

const ctx = useTestContext();
const document: Json = JSON.parse(await renderOpenApiDocument());

const SAMPLE_UUID = '0b9f3c2e-4d5a-4f6b-8c7d-9e0f1a2b3c4d';
/** Valid-looking values for the path parameters the API uses, so a route is reached rather than missed. */
const PATH_VALUES: Record<string, string> = { id: SAMPLE_UUID, provider: 'GEMINI', slug: 'a-published-article' };

/** A plausible value for a required parameter: named ones first, else one that fits its schema's type. */
function sampleValue(parameter: Json): string {
  const known = PATH_VALUES[parameter.name];
  if (known) return known;
  const schema: Json = parameter.schema ?? {};
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return String(schema.enum[0]);
  if (schema.format === 'uuid') return SAMPLE_UUID;
  if (schema.type === 'integer' || schema.type === 'number') return '1';
  if (schema.type === 'boolean') return 'true';
  return 'x';
}

/**
 * Whether an anonymous request may pass: a security list that is empty, or offers `{}` as one of
 * its alternatives, lets it through; otherwise every alternative names a scheme, so a token is needed.
 */
const needsToken = (security: Json[]) =>
  security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0);

interface Probe {
  key: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  declaresSecurity: boolean;
  security: Json[];
}

/** Every operation of the document, as a request without a token that would otherwise reach its handler. */
const probes: Probe[] = Object.entries<Json>(document.paths).flatMap(([template, item]) =>
  Object.entries<Json>(item).map(([method, operation]) => {
    const parameters: Json[] = (operation.parameters ?? []).filter((parameter: Json) => parameter.required);
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(sampleValue({ name, ...parameters.find((p) => p.in === 'path' && p.name === name) })),
    );
    const query = new URLSearchParams(
      parameters.filter((p) => p.in === 'query').map((p) => [p.name as string, sampleValue(p)]),
    ).toString();
    const headers = Object.fromEntries(
      parameters.filter((p) => p.in === 'header').map((p) => [p.name as string, sampleValue(p)]),
    );
    return {
      key: `${method.toUpperCase()} ${template}`,
      method: method.toUpperCase(),
      url: query ? `${path}?${query}` : path,
      headers,
      body: operation.requestBody ? {} : undefined,
      declaresSecurity: Array.isArray(operation.security),
      security: operation.security ?? document.security ?? [],
    };
  }),
);
const protectedProbes = probes.filter((probe) => needsToken(probe.security));
const publicProbes = probes.filter((probe) => !needsToken(probe.security));

describe('authentication follows the declared security', () => {
  it('finds every operation of the document declaring its security, most of them behind a token', () => {
    const undeclared = probes.filter((probe) => !probe.declaresSecurity).map((probe) => probe.key);
    expect(undeclared, 'operations without an explicit `security`').toEqual([]);
    expect(protectedProbes.length, 'operations that need a token').toBeGreaterThanOrEqual(30);
    expect(publicProbes.length, 'public operations').toBeGreaterThanOrEqual(8);
    expect(protectedProbes.length + publicProbes.length).toBe(probes.length);
    for (const probe of protectedProbes) {
      expect(
        probe.security.flatMap((requirement) => Object.keys(requirement)),
        `${probe.key} names a scheme`,
      ).toEqual(['bearerAuth']);
    }
  });

  it.each(protectedProbes.map((probe) => [probe.key, probe] as const))(
    'refuses %s without a token with 401 and WWW-Authenticate: Bearer',
    async (key, probe) => {
      const response = await call(ctx.current.app, probe.method, probe.url, {
        headers: probe.headers,
        body: probe.body,
      });
      expect(response.status, `${key} answered ${response.status}: ${response.text}`).toBe(401);
      expect(response.headers.get('www-authenticate'), `${key} WWW-Authenticate`).toBe('Bearer');
    },
  );

  it.each(publicProbes.map((probe) => [probe.key, probe] as const))(
    'lets %s through without a token',
    async (key, probe) => {
      const response = await call(ctx.current.app, probe.method, probe.url, {
        headers: probe.headers,
        body: probe.body,
      });
      expect(response.status, `${key} answered ${response.status}: ${response.text}`).not.toBe(401);
      expect(response.headers.get('www-authenticate'), `${key} WWW-Authenticate`).toBeNull();
    },
  );
});
