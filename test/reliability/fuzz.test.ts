import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_INFO } from '../../src/app.ts';
import { useTestContext } from '../helpers/context.ts';
import { createUser, type TestUser } from '../helpers/factories.ts';
import { call } from '../helpers/http.ts';
import { HOSTILE_STRINGS, hostileString, type JsonSchema, SchemaArbitraries } from './schema-arbitrary.ts';

// Property, for every operation in the document: whatever a client sends (valid or not), the answer
// is never a 5xx, every 4xx is problem+json, and every answer matches the document (checked by
// `call`). FUZZ_RUNS raises the number of cases per operation (long mode); FUZZ_SEED replays a run.
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: JsonSchema;
  isProtected: boolean;
}

interface FuzzRequest {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

const ctx = useTestContext();
let user: TestUser;
const knownIds: string[] = [];
const knownSlugs: string[] = [];

function operationsOf(document: any): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])],
        body: operation.requestBody?.content?.['application/json']?.schema,
        isProtected: (operation.security ?? document.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

async function seedResources(token: string) {
  const creates: Array<[string, unknown]> = [
    ['/v1/articles', { title: 'Fuzz target article', content: '# Hello\n\nSome *text*.', status: 'PUBLISHED' }],
    ['/v1/drafts', { title: 'Fuzz draft', config: { tone: 'plain' }, sections: [{ heading: 'A', content: 'B' }] }],
    ['/v1/media-assets', { type: 'IMAGE', provider: 'GEMINI', prompt: 'a lighthouse' }],
    ['/v1/research-queries', { query: 'edge runtimes', summary: 'They run close to users.' }],
  ];
  for (const [path, body] of creates) {
    const response = await call(ctx.current.app, 'POST', path, { token, body });
    if (response.status === 201 && typeof response.body?.id === 'string') knownIds.push(response.body.id);
    if (response.status === 201 && typeof response.body?.slug === 'string') knownSlugs.push(response.body.slug);
  }
}

function requestFor(operation: Operation, arbitraries: SchemaArbitraries): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');

  const pathValue = (parameter: Parameter): fc.Arbitrary<string> => {
    const candidates: fc.Arbitrary<string>[] = [hostileString(), fc.uuid(), fc.constant('not-a-uuid')];
    if (knownIds.length > 0) candidates.push(fc.constantFrom(...knownIds));
    if (knownSlugs.length > 0 && parameter.name === 'slug') candidates.push(fc.constantFrom(...knownSlugs));
    const schema = parameter.schema ? arbitraries.resolve(parameter.schema) : {};
    if (schema.enum) candidates.push(fc.constantFrom(...schema.enum.map(String)));
    return fc.oneof(...candidates);
  };
  const path = fc
    .tuple(...pathParameters.map(pathValue))
    .map((values) =>
      pathParameters.reduce(
        (result, parameter, index) => result.replace(`{${parameter.name}}`, encodeURIComponent(values[index] ?? '')),
        operation.path,
      ),
    );

  const queryEntries = queryParameters.map((parameter) =>
    fc.option(
      fc.oneof(
        arbitraries.valid(parameter.schema ?? { type: 'string' }).map(String),
        hostileString(),
        fc.constantFrom('0', '-1', '101', '1e9', 'eyJ4IjoxfQ', '!!!'),
      ),
      { nil: undefined },
    ),
  );
  const query = fc.tuple(...queryEntries).map((values) => {
    const result: Record<string, string> = {};
    queryParameters.forEach((parameter, index) => {
      const value = values[index];
      if (value !== undefined) result[parameter.name] = value;
    });
    return result;
  });

  const headers = fc.record(
    {
      'Idempotency-Key': fc.oneof(fc.uuid(), fc.constantFrom('has space', 'x'.repeat(300), 'ok-key')),
      'If-Match': fc.constantFrom('"1"', '"2"', '*', 'W/"1"', 'garbage', '"99999999999"'),
      'If-None-Match': fc.constantFrom('"1"', '*', 'nonsense'),
    },
    { requiredKeys: [] },
  );

  const body: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'rawBody'>> = operation.body
    ? fc.oneof(
        { weight: 3, arbitrary: arbitraries.valid(operation.body).map((value) => ({ body: value })) },
        { weight: 4, arbitrary: arbitraries.invalid(operation.body).map((value) => ({ body: value })) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('{', '[1,', '"unterminated', '{"a":1}}').map((raw) => ({ rawBody: raw })),
        },
        { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((raw) => ({ rawBody: JSON.stringify(raw) })) },
      )
    : fc.constant({});

  return fc.record({ path, query, headers, extra: body }).map(({ path, query, headers, extra }) => ({
    path,
    query,
    headers,
    ...extra,
  }));
}

describe('spec-driven fuzzing', () => {
  let operations: Operation[] = [];
  let arbitraries: SchemaArbitraries;

  beforeAll(async () => {
    user = await createUser(ctx.current);
    await seedResources(user.token);
    const document = ctx.current.app.getOpenAPI31Document(OPENAPI_INFO) as any;
    operations = operationsOf(document);
    arbitraries = new SchemaArbitraries(document.components?.schemas ?? {});
  });

  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(2);
  });

  it(`never answers 5xx, always problem+json for 4xx (seed ${SEED}, ${RUNS} runs per operation)`, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const operation of operations) {
      const property = fc.asyncProperty(requestFor(operation, arbitraries), async (request) => {
        const search = new URLSearchParams(request.query).toString();
        const url = `${request.path}${search ? `?${search}` : ''}`;
        // A fresh token per request, so that a fuzzed logout cannot revoke the others' token.
        const token = operation.isProtected ? (await createUser(ctx.current)).token : undefined;
        const response = await call(ctx.current.app, operation.method, url, {
          token,
          headers: request.headers,
          body: request.rawBody ?? request.body,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const context = `${operation.method} ${url} → ${response.status} ${response.text.slice(0, 300)}`;
        if (response.status >= 500) throw new Error(`5xx: ${context}`);
        if (response.status >= 400) {
          expect(response.headers.get('content-type'), context).toBe('application/problem+json');
          expect(response.body.status, context).toBe(response.status);
        }
      });
      try {
        await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
      } catch (error) {
        failures.push(`${operation.operationId}: ${(error as Error).message.slice(0, 1500)}`);
      }
    }
    const total = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
    console.log(`fuzz: ${operations.length} operations, ${total} requests, seed ${SEED}: ${byStatus.join(' ')}`);
    expect(failures, `replay with FUZZ_SEED=${SEED}\n${failures.join('\n\n')}`).toEqual([]);
  }, 240_000);
});
