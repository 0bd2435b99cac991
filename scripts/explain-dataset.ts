import type { Sql } from 'postgres';

/** Row counts of the generated dataset; every table gets rows so no plan is judged on an empty table. */
export interface DatasetSize {
  users: number;
  articles: number;
  drafts: number;
  mediaAssets: number;
  researchQueries: number;
}

export const FULL_SIZE: DatasetSize = {
  users: 1_000,
  articles: 100_000,
  drafts: 100_000,
  mediaAssets: 100_000,
  researchQueries: 100_000,
};

/**
 * Fills a freshly migrated database in a few set-based statements (generate_series): ~60% of the
 * articles published, drafts, media (half attached to an article of the same user), research history
 * over a few hundred topics, two API keys and one settings row per user, one in five users holding an
 * unexpired email-verification token. Statuses and topics are hashed from the row number so that they
 * do not line up with the owner (`i % users`).
 */
export async function generateDataset(sql: Sql, size: DatasetSize): Promise<void> {
  await sql`
    INSERT INTO users (email, password_hash, name, email_verified, email_token, email_token_expires_at, created_at)
    SELECT 'user' || i || '@example.test', 'unusable', 'User ' || i, i % 5 <> 0,
           CASE WHEN i % 5 = 0 THEN encode(sha256(convert_to('token-' || i, 'UTF8')), 'hex') END,
           CASE WHEN i % 5 = 0 THEN now() + interval '1 day' END,
           now() - i * interval '1 hour'
    FROM generate_series(0, ${size.users - 1}::int) AS i`;

  await sql`
    WITH owners AS (SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS n FROM users),
    rows AS (
      SELECT i,
             (ARRAY['postgres','seo','marketing','cloud','writing','python','design','security','analytics','startups'])
               [1 + abs(hashtext('t' || i)) % 10] AS topic,
             abs(hashtext('s' || i)) % 10 AS bucket,
             now() - i * interval '37 seconds' AS created
      FROM generate_series(1, ${size.articles}::int) AS i
    )
    INSERT INTO articles (user_id, title, slug, content, html_content, status, word_count, published_at, created_at, updated_at)
    SELECT owners.id,
           'Article ' || rows.i || ' on ' || rows.topic,
           'article-' || rows.i,
           'A practical guide to ' || rows.topic || ' number ' || rows.i || ', with examples, pitfalls and a checklist.',
           '<p>A practical guide to ' || rows.topic || '.</p>',
           (CASE WHEN rows.bucket < 6 THEN 'PUBLISHED' WHEN rows.bucket < 9 THEN 'DRAFT' ELSE 'ARCHIVED' END)::"ArticleStatus",
           14,
           CASE WHEN rows.bucket < 6 THEN rows.created + interval '1 hour' END,
           rows.created, rows.created
    FROM rows JOIN owners ON owners.n = rows.i % ${size.users}::int`;

  await sql`
    WITH owners AS (SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS n FROM users)
    INSERT INTO drafts (user_id, title, config, sections, created_at, updated_at)
    SELECT owners.id, 'Draft ' || i, '{"topic":"x"}'::jsonb, '[{"content":"Body"}]'::jsonb,
           now() - i * interval '13 seconds', now() - i * interval '11 seconds'
    FROM generate_series(1, ${size.drafts}::int) AS i JOIN owners ON owners.n = i % ${size.users}::int`;

  await sql`
    INSERT INTO media_assets (user_id, article_id, type, provider, prompt, url, created_at)
    SELECT articles.user_id,
           CASE WHEN j % 2 = 0 THEN articles.id END,
           (ARRAY['IMAGE','VIDEO','AUDIO'])[1 + abs(hashtext('m' || j)) % 3]::"MediaType",
           (ARRAY['GEMINI','OPENAI','ANTHROPIC','LLAMA'])[1 + j % 4]::"Provider",
           'Prompt ' || j, 'media/' || j || '.png', now() - j * interval '17 seconds'
    FROM generate_series(1, ${size.mediaAssets}::int) AS j
    JOIN articles ON articles.slug = 'article-' || (1 + (j - 1) % ${size.articles}::int)`;

  await sql`
    WITH owners AS (SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS n FROM users),
    rows AS (SELECT j, 'Research topic ' || (abs(hashtext('r' || j)) % 300) AS query FROM generate_series(1, ${size.researchQueries}::int) AS j)
    INSERT INTO research_queries (user_id, query, normalized_query, summary, sources, cached, created_at)
    SELECT owners.id, rows.query, lower(rows.query), 'Summary ' || rows.j,
           '[{"title":"Source","url":"https://example.com"}]'::jsonb, rows.j % 4 = 0, now() - rows.j * interval '19 seconds'
    FROM rows JOIN owners ON owners.n = rows.j % ${size.users}::int`;

  await sql`
    INSERT INTO api_keys (user_id, provider, encrypted_key)
    SELECT users.id, provider::"Provider", 'not-a-real-envelope'
    FROM users CROSS JOIN (VALUES ('GEMINI'), ('OPENAI')) AS providers(provider)`;

  await sql`INSERT INTO settings (user_id) SELECT id FROM users`;
  await sql`ANALYZE`;
}
