import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { rowsOf } from '../../src/db/rows.ts';

type Type = 'uuid' | 'text' | 'jsonb' | 'boolean' | 'integer' | 'timestamptz(3)' | `enum ${string}` | 'tsvector';
/** [type, nullable, default as information_schema prints it (null = none)] */
type Column = [Type, boolean, string | null];

const ID: Column = ['uuid', false, 'gen_random_uuid()'];
const USER_ID: Column = ['uuid', false, null];
const CREATED_AT: Column = ['timestamptz(3)', false, 'now()'];
const UPDATED_AT: Column = ['timestamptz(3)', false, 'now()'];

/** The seed's tables (database-design.md), column for column. */
export const SEED_COLUMNS: Record<string, Record<string, Column>> = {
  users: {
    id: ID,
    email: ['text', false, null],
    password_hash: ['text', false, null],
    name: ['text', true, null],
    email_verified: ['boolean', false, 'false'],
    email_token: ['text', true, null],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  },
  articles: {
    id: ID,
    user_id: USER_ID,
    title: ['text', false, null],
    slug: ['text', false, null],
    seo_title: ['text', true, null],
    meta_description: ['text', true, null],
    focus_keyphrase: ['text', true, null],
    content: ['text', false, null],
    html_content: ['text', false, null],
    status: ['enum ArticleStatus', false, `'DRAFT'::"ArticleStatus"`],
    word_count: ['integer', false, '0'],
    published_at: ['timestamptz(3)', true, null],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  },
  drafts: {
    id: ID,
    user_id: USER_ID,
    title: ['text', false, null],
    config: ['jsonb', false, null],
    metadata: ['jsonb', true, null],
    sections: ['jsonb', false, null],
    cta_content: ['text', true, null],
    autosave: ['boolean', false, 'true'],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  },
  api_keys: {
    id: ID,
    user_id: USER_ID,
    provider: ['enum Provider', false, null],
    encrypted_key: ['text', false, null],
    is_active: ['boolean', false, 'true'],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  },
  media_assets: {
    id: ID,
    user_id: USER_ID,
    article_id: ['uuid', true, null],
    type: ['enum MediaType', false, null],
    provider: ['enum Provider', false, null],
    prompt: ['text', false, null],
    style: ['text', true, null],
    aspect_ratio: ['text', true, null],
    url: ['text', true, null],
    metadata: ['jsonb', true, null],
    created_at: CREATED_AT,
  },
  research_queries: {
    id: ID,
    user_id: USER_ID,
    query: ['text', false, null],
    summary: ['text', true, null],
    sources: ['jsonb', true, null],
    cached: ['boolean', false, 'false'],
    created_at: CREATED_AT,
  },
  settings: {
    id: ID,
    user_id: USER_ID,
    default_provider: ['enum Provider', false, `'GEMINI'::"Provider"`],
    focus_keyphrase: ['text', true, null],
    preferences: ['jsonb', false, `'{}'::jsonb`],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  },
};

/** What the API adds on top of the seed (documented in drizzle/): nothing else may appear. */
export const ADDED_COLUMNS: Record<string, Record<string, Column>> = {
  users: {
    email_token_expires_at: ['timestamptz(3)', true, null],
    token_version: ['integer', false, '0'],
  },
  articles: { version: ['integer', false, '1'], search_vector: ['tsvector', false, null] },
  drafts: { version: ['integer', false, '1'] },
  research_queries: { normalized_query: ['text', false, null] },
};

export const SEED_ENUMS = {
  ArticleStatus: ['DRAFT', 'PUBLISHED', 'ARCHIVED'],
  MediaType: ['IMAGE', 'VIDEO', 'AUDIO'],
  Provider: ['GEMINI', 'OPENAI', 'ANTHROPIC', 'LLAMA'],
};

/** index name → [unique, definition after USING]. */
export const SEED_INDEXES: Record<string, [boolean, string]> = {
  users_email_key: [true, 'btree (email)'],
  users_email_lower_key: [true, 'btree (lower(email))'],
  users_email_token_idx: [false, 'btree (email_token)'],
  articles_slug_key: [true, 'btree (slug)'],
  articles_user_id_idx: [false, 'btree (user_id)'],
  articles_slug_idx: [false, 'btree (slug)'],
  articles_status_idx: [false, 'btree (status)'],
  drafts_user_id_idx: [false, 'btree (user_id)'],
  drafts_updated_at_idx: [false, 'btree (updated_at)'],
  api_keys_user_id_provider_key: [true, 'btree (user_id, provider)'],
  api_keys_user_id_idx: [false, 'btree (user_id)'],
  media_assets_user_id_idx: [false, 'btree (user_id)'],
  media_assets_article_id_idx: [false, 'btree (article_id)'],
  media_assets_type_idx: [false, 'btree (type)'],
  research_queries_user_id_idx: [false, 'btree (user_id)'],
  research_queries_created_at_idx: [false, 'btree (created_at)'],
  settings_user_id_key: [true, 'btree (user_id)'],
};

/** [table, column, referenced table, ON DELETE rule] */
export const SEED_FOREIGN_KEYS: [string, string, string, string][] = [
  ['articles', 'user_id', 'users', 'CASCADE'],
  ['drafts', 'user_id', 'users', 'CASCADE'],
  ['api_keys', 'user_id', 'users', 'CASCADE'],
  ['media_assets', 'user_id', 'users', 'CASCADE'],
  ['media_assets', 'article_id', 'articles', 'SET NULL'],
  ['research_queries', 'user_id', 'users', 'CASCADE'],
  ['settings', 'user_id', 'users', 'CASCADE'],
];

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

function typeOf(row: ColumnRow): string {
  if (row.data_type === 'USER-DEFINED' && row.udt_name !== 'tsvector') return `enum ${row.udt_name}`;
  if (row.data_type === 'timestamp with time zone') return `timestamptz(${row.datetime_precision})`;
  return row.data_type;
}

/** The public schema's columns as `{ table: { column: [type, nullable, default] } }`. */
export async function readColumns(db: Database): Promise<Record<string, Record<string, Column>>> {
  const rows = await rowsOf<ColumnRow>(
    db,
    sql`select table_name, column_name, data_type, udt_name, datetime_precision, is_nullable, column_default
        from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const tables: Record<string, Record<string, Column>> = {};
  for (const row of rows) {
    tables[row.table_name] ??= {};
    (tables[row.table_name] as Record<string, Column>)[row.column_name] = [
      typeOf(row) as Type,
      row.is_nullable === 'YES',
      row.column_default,
    ];
  }
  return tables;
}

export async function readEnums(db: Database): Promise<Record<string, string[]>> {
  const rows = await rowsOf<{ name: string; value: string }>(
    db,
    sql`select t.typname as name, e.enumlabel as value from pg_enum e join pg_type t on t.oid = e.enumtypid
        join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' order by t.typname, e.enumsortorder`,
  );
  const enums: Record<string, string[]> = {};
  for (const row of rows) enums[row.name] = [...(enums[row.name] ?? []), row.value];
  return enums;
}

export async function readIndexes(db: Database): Promise<Record<string, { table: string; definition: string }>> {
  const rows = await rowsOf<{ tablename: string; indexname: string; indexdef: string }>(
    db,
    sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'`,
  );
  return Object.fromEntries(rows.map((row) => [row.indexname, { table: row.tablename, definition: row.indexdef }]));
}

export async function readForeignKeys(db: Database): Promise<[string, string, string, string][]> {
  const rows = await rowsOf<{ table_name: string; column_name: string; target: string; delete_rule: string }>(
    db,
    sql`select kcu.table_name, kcu.column_name, ccu.table_name as target, rc.delete_rule
        from information_schema.referential_constraints rc
        join information_schema.key_column_usage kcu
          on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
        join information_schema.constraint_column_usage ccu
          on ccu.constraint_name = rc.constraint_name and ccu.constraint_schema = rc.constraint_schema
        where rc.constraint_schema = 'public'`,
  );
  return rows.map((row) => [row.table_name, row.column_name, row.target, row.delete_rule]);
}

/** The whole comparison: used on the test database and on databases migrated from zero. */
export async function expectSeedSchema(db: Database) {
  const columns = await readColumns(db);
  expect(Object.keys(columns).sort()).toEqual(Object.keys(SEED_COLUMNS).sort());
  for (const [table, seed] of Object.entries(SEED_COLUMNS)) {
    expect(columns[table], table).toEqual({ ...seed, ...ADDED_COLUMNS[table] });
  }
  expect(await readEnums(db)).toEqual(SEED_ENUMS);
  const indexes = await readIndexes(db);
  for (const [name, [unique, using]] of Object.entries(SEED_INDEXES)) {
    const definition = indexes[name]?.definition ?? `(missing index ${name})`;
    expect(definition, name).toContain(unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX');
    expect(definition, name).toMatch(new RegExp(`USING ${using.replace(/[()]/g, '\\$&')}$`));
  }
  expect((await readForeignKeys(db)).sort()).toEqual([...SEED_FOREIGN_KEYS].sort());
}
