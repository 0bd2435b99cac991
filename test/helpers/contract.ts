import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { renderOpenApiDocument } from '../../scripts/openapi-document.ts';

type Json = Record<string, any>;

export interface ObservedResponse {
  status: number;
  headers: Headers;
  text: string;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments: `/research-queries/lookup` wins over `/research-queries/{id}`. */
  literals: number;
  operation: Json;
}

const DOCUMENT_ID = 'urn:finity:openapi';
/** What the app-wide middleware answers on a route no operation declares (unknown path or method). */
const UNROUTED_STATUSES = new Set([400, 404, 413, 415, 500, 503]);
const PROBLEM_RESPONSE = {
  description: 'app-wide answer for an undeclared route',
  headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const isJson = (mediaType: string) => /^application\/([\w.-]+\+)?json$/i.test(mediaType);

function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? [key, `${DOCUMENT_ID}${inner}`]
        : [key, absoluteRefs(inner)],
    ),
  );
}

/** Header values are strings on the wire; a numeric schema judges the number they spell. */
function headerValue(schema: Json, value: string): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** The OpenAPI document as a checker of responses: operation lookup plus JSON Schema 2020-12 validation. */
export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<unknown, ValidateFunction>();

  constructor(readonly document: Json) {
    (formats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
    for (const [template, item] of Object.entries<Json>(document.paths ?? {})) {
      const segments = template.split('/');
      const source = segments
        .map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('/');
      for (const [method, operation] of Object.entries<Json>(item)) {
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          literals: segments.filter((segment) => !segment.startsWith('{')).length,
          operation,
        });
      }
    }
    this.operations.sort((a, b) => b.literals - a.literals);
  }

  find(method: string, path: string): Operation | undefined {
    const pathname = path.split(/[?#]/)[0] ?? path;
    const upper = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
    return this.operations.find((candidate) => candidate.method === upper && candidate.pattern.test(pathname));
  }

  private resolve(value: Json): Json {
    let current = value;
    for (let hops = 0; current?.$ref && hops < 10; hops++) {
      const pointer = String(current.$ref).replace(/^#\//, '').split('/');
      const target = pointer.reduce<Json>(
        (node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      );
      current = target;
    }
    return current;
  }

  private validator(schema: unknown): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(absoluteRefs(schema) as Json);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  /** How `value` breaks `schema` (a schema of the document, refs and all); empty when it fits. */
  schemaErrors(schema: unknown, value: unknown, where: string): string[] {
    const validate = this.validator(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${where}${error.instancePath || ''} ${error.message ?? 'is invalid'}`,
    );
  }

  /** Every way the response departs from the document; empty when it conforms. */
  check(method: string, path: string, response: ObservedResponse): string[] {
    const found = this.find(method, path);
    let declared: Json | undefined;
    if (found) {
      const responses = found.operation.responses ?? {};
      declared = responses[response.status] ?? responses[`${String(response.status)[0]}XX`] ?? responses.default;
      if (!declared) {
        const listed = Object.keys(responses).join(', ');
        return [
          `status ${response.status} is not declared for ${found.method} ${found.template} (declared: ${listed})`,
        ];
      }
    } else {
      if (!UNROUTED_STATUSES.has(response.status)) {
        return [`no operation is declared for ${method.toUpperCase()} ${path} (answered ${response.status})`];
      }
      declared = PROBLEM_RESPONSE;
    }
    const definition = this.resolve(declared);
    return [...this.checkHeaders(definition, response), ...this.checkBody(definition, response)];
  }

  private checkHeaders(definition: Json, response: ObservedResponse): string[] {
    const problems: string[] = [];
    for (const [name, reference] of Object.entries<Json>(definition.headers ?? {})) {
      const header = this.resolve(reference);
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`header ${name} is required but missing`);
        continue;
      }
      if (header.schema) problems.push(...this.schemaErrors(header.schema, headerValue(header.schema, value), name));
    }
    return problems;
  }

  private checkBody(definition: Json, response: ObservedResponse): string[] {
    const content: Json = definition.content ?? {};
    const mediaTypes = Object.keys(content);
    const received = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaTypes.length === 0) {
      return response.text.length === 0 ? [] : [`no body is declared, but one came (${received || 'no type'})`];
    }
    const mediaType = mediaTypes.find((candidate) => candidate.toLowerCase() === received);
    if (!mediaType)
      return [`content type ${received || '(none)'} is not declared (declared: ${mediaTypes.join(', ')})`];
    const schema = content[mediaType].schema;
    if (!schema) return [];
    if (!isJson(mediaType)) return this.schemaErrors(schema, response.text, 'body');
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [`the ${mediaType} body is not JSON`];
    }
    return this.schemaErrors(schema, body, 'body');
  }
}

let loading: Promise<Contract> | undefined;

/** The document generated from the code (not the committed file), once per test process. */
export function loadContract(): Promise<Contract> {
  loading ??= renderOpenApiDocument().then((text) => new Contract(JSON.parse(text)));
  return loading;
}

/** Throws, failing the test that got the response, when it departs from the OpenAPI document. */
export async function assertContract(method: string, path: string, response: ObservedResponse): Promise<void> {
  const problems = (await loadContract()).check(method, path, response);
  if (problems.length === 0) return;
  const excerpt = response.text.length > 600 ? `${response.text.slice(0, 600)}…` : response.text;
  throw new Error(
    `${method.toUpperCase()} ${path} → ${response.status} breaks the OpenAPI contract:\n` +
      `${problems.map((problem) => `  - ${problem}`).join('\n')}\n  body: ${excerpt}\n` +
      '(fix the route or its declared responses; pass { contract: false } only for a deliberately undeclared request)',
  );
}
