import fc from 'fast-check';

/** The subset of JSON Schema 2020-12 that the generated OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
}

/** Strings that have broken servers before: injections, control and astral characters, huge runs. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uFFFF\uD800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀 ß İ',
  '{"$ne":null}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, literally.
  '${jndi:ldap://x}',
  'a'.repeat(10_000),
  '9'.repeat(400),
  '-1',
  'NaN',
  'null',
  'undefined',
];

export const hostileString = () =>
  fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string());

export const anyJson = () =>
  fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    hostileString(),
    fc.array(fc.integer(), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 5 }),
  );

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, JsonSchema>) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 10; depth++) {
      const name = current.$ref.split('/').at(-1) ?? '';
      current = this.components[name] ?? {};
    }
    return current;
  }

  /** Values the schema accepts (best effort: patterns and formats are approximated). */
  valid(input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((alternative) => this.valid(alternative, depth + 1)));
    if (schema.allOf) return this.valid(Object.assign({}, ...schema.allOf.map((part) => this.resolve(part))), depth);
    const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
    return fc.oneof(...types.map((type) => this.validOfType(type, schema, depth)));
  }

  private validOfType(type: string, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({
          min:
            schema.minimum ?? (schema.exclusiveMinimum ?? -1_000_000) + (schema.exclusiveMinimum === undefined ? 0 : 1),
          max: schema.maximum ?? 1_000_000,
        });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'string':
        return this.validString(schema);
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(this.valid(schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, 4),
        });
      default:
        return this.validObject(schema, depth);
    }
  }

  private validString(schema: JsonSchema): fc.Arbitrary<string> {
    switch (schema.format) {
      case 'uuid':
        return fc.uuid({ version: 4 });
      case 'email':
        return fc.emailAddress();
      case 'uri':
      case 'url':
        return fc.webUrl();
      case 'date-time':
        return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
    }
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => this.fitsLength(s, schema));
    return fc
      .string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) })
      .filter((s) => this.fitsLength(s, schema));
  }

  private fitsLength(value: string, schema: JsonSchema): boolean {
    return value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  }

  private validObject(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(properties)) record[name] = this.valid(property, depth + 1);
    return fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
  }

  /** A valid value with one thing made wrong: a field's type, a missing or extra field, a hostile value. */
  invalid(input: JsonSchema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const properties = Object.keys(schema.properties ?? {});
    const base = this.valid(schema);
    const mutations: fc.Arbitrary<unknown>[] = [
      anyJson(),
      fc.constant(null),
      fc.constant([]),
      fc.constant([{}]),
      base.map((value) => ({ ...(value as object), unexpectedField: 'x' })),
    ];
    if (properties.length > 0) {
      mutations.push(
        fc.tuple(base, fc.constantFrom(...properties), anyJson()).map(([value, name, wrong]) => ({
          ...(value as object),
          [name]: wrong,
        })),
        fc.tuple(base, fc.constantFrom(...properties)).map(([value, name]) => {
          const copy = { ...(value as Record<string, unknown>) };
          delete copy[name];
          return copy;
        }),
        fc
          .tuple(base, fc.constantFrom(...properties), fc.constantFrom(...HOSTILE_STRINGS))
          .map(([value, name, hostile]) => ({ ...(value as object), [name]: hostile })),
      );
    }
    return fc.oneof(...mutations);
  }
}
