import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, usesPostgres } from '../helpers/database.ts';
import { withDatabase } from '../helpers/postgres-admin.ts';

const run = promisify(execFile);
const TABLES = ['users', 'settings', 'api_keys', 'articles', 'drafts', 'media_assets', 'research_queries'];

async function fingerprint(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const result: Record<string, { rows: number; checksum: string | null }> = {};
    for (const table of TABLES) {
      const [row] = await sql.unsafe(
        `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t.id)) as checksum from ${table} t`,
      );
      result[table] = { rows: row?.rows, checksum: row?.checksum };
    }
    return result;
  } finally {
    await sql.end();
  }
}

async function seed(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      insert into users (email, password_hash, name, email_verified)
        select 'backup' || i || '@example.test', 'hash', 'Writer ' || i, i % 2 = 0 from generate_series(1, 20) i;
      insert into settings (user_id, preferences) select id, '{"theme":"dark"}' from users;
      insert into api_keys (user_id, provider, encrypted_key) select id, 'OPENAI', 'v1.k.n.c' from users;
      insert into articles (user_id, title, slug, content, html_content, status, word_count, published_at)
        select u.id, 'Title ' || u.email || ' ' || i, 'slug-' || md5(u.email || i), 'Körper ' || i, '<p>Körper</p>',
               case when i % 2 = 0 then 'PUBLISHED'::"ArticleStatus" else 'DRAFT'::"ArticleStatus" end, 2,
               case when i % 2 = 0 then now() end
        from users u, generate_series(1, 5) i;
      insert into drafts (user_id, title, config, sections, metadata)
        select id, 'Draft', '{"tone":"warm"}', '[{"heading":"Intro","content":"Hello"}]', '{"seoTitle":"S"}' from users;
      insert into media_assets (user_id, article_id, type, provider, prompt, metadata)
        select a.user_id, a.id, 'IMAGE', 'GEMINI', 'a cat', '{"w":1024}' from articles a;
      insert into research_queries (user_id, query, normalized_query, summary, sources)
        select id, 'Edge Runtimes', 'edge runtimes', 'Summary', '[{"title":"T","url":"https://example.com"}]' from users;
    `);
  } finally {
    await sql.end();
  }
}

describe.skipIf(!usesPostgres())('db:backup and db:restore', () => {
  let source: TestDatabase;
  let directory: string;
  let targetUrl: string;
  const targetName = `finity_restore_${process.pid}_${Date.now()}`;
  const serverUrl = process.env.TEST_DATABASE_URL ?? '';

  beforeAll(async () => {
    source = await createTestDatabase();
    directory = await mkdtemp(join(tmpdir(), 'finity-backup-'));
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${targetName}`);
    await admin.end();
    targetUrl = withDatabase(serverUrl, targetName);
  });

  afterAll(async () => {
    await source?.close();
    await rm(directory, { recursive: true, force: true });
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${targetName} with (force)`);
    await admin.end();
  });

  it('round-trips a seeded database: every table has the same rows and checksum', async () => {
    const url = source.url ?? '';
    await seed(url);
    const before = await fingerprint(url);
    expect(before.articles?.rows).toBe(100);

    const backup = await run('npx', ['tsx', 'scripts/backup.ts', directory], {
      env: { ...process.env, DATABASE_URL: url },
    });
    const file = /backup written: (\S+)/.exec(backup.stdout)?.[1];
    expect(file).toMatch(/finity-\d{4}-\d{2}-\d{2}T.*\.dump$/);

    await run('npx', ['tsx', 'scripts/restore.ts', file ?? ''], { env: { ...process.env, DATABASE_URL: targetUrl } });
    expect(await fingerprint(targetUrl)).toEqual(before);
  });

  it('refuses to restore into a database that is not empty', async () => {
    const url = source.url ?? '';
    const backup = await run('npx', ['tsx', 'scripts/backup.ts', directory], {
      env: { ...process.env, DATABASE_URL: url },
    });
    const file = /backup written: (\S+)/.exec(backup.stdout)?.[1] ?? '';
    const attempt = run('npx', ['tsx', 'scripts/restore.ts', file], { env: { ...process.env, DATABASE_URL: url } });
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringContaining('not empty') });
  });
});
