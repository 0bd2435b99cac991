import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, articles, drafts, mediaAssets, researchQueries, settings, users } from '../../drizzle/index.ts';
import { uniqueViolation } from '../../src/db/errors.ts';
import { rowsOf } from '../../src/db/rows.ts';
import { useTestContext } from '../helpers/context.ts';
import {
  ADDED_COLUMNS,
  expectSeedSchema,
  readColumns,
  readEnums,
  readForeignKeys,
  readIndexes,
  SEED_COLUMNS,
  SEED_ENUMS,
  SEED_FOREIGN_KEYS,
  SEED_INDEXES,
} from './seed-schema.ts';

const ctx = useTestContext();
const db = () => ctx.current.database.db;

async function insertUser(email: string) {
  const [user] = await db().insert(users).values({ email, passwordHash: 'not-a-real-hash' }).returning();
  if (!user) throw new Error('insert returned no row');
  return user;
}

describe(`migrated schema matches the seed (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('has exactly the seven tables', async () => {
    expect(Object.keys(await readColumns(db())).sort()).toEqual([
      'api_keys',
      'articles',
      'drafts',
      'media_assets',
      'research_queries',
      'settings',
      'users',
    ]);
  });

  it.each(Object.keys(SEED_COLUMNS))('%s: every seed column with its type, nullability and default', async (table) => {
    const columns = (await readColumns(db()))[table] ?? {};
    for (const [column, expected] of Object.entries(SEED_COLUMNS[table] ?? {})) {
      expect(columns[column], `${table}.${column}`).toEqual(expected);
    }
    // Only the documented additions on top of the seed.
    expect(Object.keys(columns).sort()).toEqual(
      [...Object.keys(SEED_COLUMNS[table] ?? {}), ...Object.keys(ADDED_COLUMNS[table] ?? {})].sort(),
    );
  });

  it('has the three enums with the seed values in order', async () => {
    expect(await readEnums(db())).toEqual(SEED_ENUMS);
  });

  it.each(Object.keys(SEED_INDEXES))('has index %s', async (name) => {
    const [unique, using] = SEED_INDEXES[name] ?? [false, ''];
    const index = (await readIndexes(db()))[name];
    expect(index?.definition).toBe(
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON public.${index?.table} USING ${using}`,
    );
  });

  it('has uuid primary keys on every table', async () => {
    const rows = await rowsOf<{ table_name: string; column_name: string }>(
      db(),
      sql`select tc.table_name, kcu.column_name from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name
          where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'`,
    );
    expect(rows.map((row) => `${row.table_name}.${row.column_name}`).sort()).toEqual(
      Object.keys(SEED_COLUMNS)
        .map((table) => `${table}.id`)
        .sort(),
    );
  });

  it('has the foreign keys with CASCADE, and SET NULL for media_assets.article_id', async () => {
    expect((await readForeignKeys(db())).sort()).toEqual([...SEED_FOREIGN_KEYS].sort());
  });

  it('matches as a whole', async () => {
    await expectSeedSchema(db());
  });
});

describe('schema behaviour', () => {
  it('fills ids, timestamps and defaults on insert', async () => {
    const user = await insertUser('defaults@example.com');
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.emailVerified).toBe(false);
    expect(user.tokenVersion).toBe(0);
    expect(user.createdAt).toBeInstanceOf(Date);
    const [setting] = await db().insert(settings).values({ userId: user.id }).returning();
    expect(setting).toMatchObject({ defaultProvider: 'GEMINI', preferences: {} });
    const [article] = await db()
      .insert(articles)
      .values({ userId: user.id, title: 'T', slug: `t-${user.id}`, content: 'c', htmlContent: '<p>c</p>' })
      .returning();
    expect(article).toMatchObject({ status: 'DRAFT', wordCount: 0, publishedAt: null, version: 1 });
  });

  it('keeps updated_at current on UPDATE, unless the statement sets it itself', async () => {
    const user = await insertUser('trigger@example.com');
    await db().execute(sql`update users set created_at = '2020-01-01T00:00:00Z', updated_at = '2020-01-01T00:00:00Z'
                           where id = ${user.id}`);
    await db().execute(sql`update users set name = 'Renamed' where id = ${user.id}`);
    const [touched] = await rowsOf<{ updated_at: string | Date }>(
      db(),
      sql`select updated_at from users where id = ${user.id}`,
    );
    expect(new Date(touched?.updated_at ?? 0).getTime()).toBeGreaterThan(Date.parse('2024-01-01T00:00:00Z'));

    await db().execute(sql`update users set name = 'Again', updated_at = '2021-06-01T00:00:00Z' where id = ${user.id}`);
    const [explicit] = await rowsOf<{ updated_at: string | Date }>(
      db(),
      sql`select updated_at from users where id = ${user.id}`,
    );
    expect(new Date(explicit?.updated_at ?? 0).toISOString()).toBe('2021-06-01T00:00:00.000Z');
  });

  it('rejects an email that differs only in case', async () => {
    await insertUser('Ana.Case@Example.com');
    const error = await insertUser('ana.case@example.COM').catch((caught: unknown) => caught);
    expect(uniqueViolation(error)).toBe('users_email_lower_key');
  });

  it('rejects a duplicate slug, a second key per provider and a second settings row', async () => {
    const user = await insertUser('uniques@example.com');
    const article = { userId: user.id, title: 'A', slug: `dup-${user.id}`, content: 'c', htmlContent: 'c' };
    await db().insert(articles).values(article);
    expect(
      uniqueViolation(
        await db()
          .insert(articles)
          .values(article)
          .catch((e: unknown) => e),
      ),
    ).toBe('articles_slug_key');
    const key = { userId: user.id, provider: 'OPENAI' as const, encryptedKey: 'v1.x' };
    await db().insert(apiKeys).values(key);
    expect(
      uniqueViolation(
        await db()
          .insert(apiKeys)
          .values(key)
          .catch((e: unknown) => e),
      ),
    ).toBe('api_keys_user_id_provider_key');
    await db()
      .insert(apiKeys)
      .values({ ...key, provider: 'GEMINI' });
    await db().insert(settings).values({ userId: user.id });
    expect(
      uniqueViolation(
        await db()
          .insert(settings)
          .values({ userId: user.id })
          .catch((e: unknown) => e),
      ),
    ).toBe('settings_user_id_key');
  });

  it('cascades a user delete and sets media_assets.article_id to null on an article delete', async () => {
    const user = await insertUser('cascade@example.com');
    const [article] = await db()
      .insert(articles)
      .values({ userId: user.id, title: 'A', slug: `c-${user.id}`, content: 'c', htmlContent: 'c' })
      .returning();
    if (!article) throw new Error('no article');
    const [asset] = await db()
      .insert(mediaAssets)
      .values({ userId: user.id, articleId: article.id, type: 'IMAGE', provider: 'GEMINI', prompt: 'p' })
      .returning();
    await db().insert(drafts).values({ userId: user.id, title: 'D', config: {}, sections: [] });
    await db().insert(researchQueries).values({ userId: user.id, query: 'q', normalizedQuery: 'q' });

    await db().execute(sql`delete from articles where id = ${article.id}`);
    const [orphan] = await rowsOf<{ article_id: string | null }>(
      db(),
      sql`select article_id from media_assets where id = ${asset?.id}`,
    );
    expect(orphan).toEqual({ article_id: null });

    await db().execute(sql`delete from users where id = ${user.id}`);
    for (const table of ['articles', 'drafts', 'media_assets', 'research_queries', 'settings', 'api_keys']) {
      const [row] = await rowsOf<{ n: number | string }>(
        db(),
        sql`select count(*)::int as n from ${sql.identifier(table)} where user_id = ${user.id}`,
      );
      expect(Number(row?.n), table).toBe(0);
    }
  });
});
