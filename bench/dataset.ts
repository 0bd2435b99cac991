// Builds the benchmark dataset in its own PostgreSQL database, once per scale: 1,000 users,
// 100,000 articles (~1,200-word Markdown bodies, 60% published over two years) and 10,000 drafts
// (~5 KB of sections), each multiplied by BENCH_SCALE. Rows are generated inside PostgreSQL from a
// few dozen bodies rendered here with the API's own renderer, so 1,000,000 articles stay practical.
import postgres from 'postgres';
import { renderMarkdown, wordCount } from '../src/content/markdown.ts';
import { hashPassword, PRODUCTION_PASSWORD_HASH_PARAMS } from '../src/crypto/password.ts';
import { migratePostgres } from '../src/db/migrate.ts';

export const BENCH_PASSWORD = 'bench-password-1234';
const BODIES = 48;

const WORDS = (
  'write article draft publish reader search engine keyword phrase title section heading summary ' +
  'research source insight story audience content quality edge runtime cache latency index query ' +
  'postgres redis worker request response token vault model prompt image video audio style tone voice ' +
  'brand growth traffic ranking snippet metadata description outline paragraph sentence clarity'
).split(' ');

function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A Markdown body of about 1,200 words with headings, lists, links, emphasis and code. */
export function markdownBody(seed: number, targetWords = 1200): string {
  const random = seededRandom(seed);
  const word = () => WORDS[Math.floor(random() * WORDS.length)] ?? 'word';
  const sentence = (length: number) => {
    const words = Array.from({ length }, word);
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const parts: string[] = [`# ${sentence(6)}`];
  let words = 6;
  for (let section = 1; words < targetWords; section++) {
    parts.push(`## Section ${section}: ${sentence(4)}`);
    for (let paragraph = 0; paragraph < 3 && words < targetWords; paragraph++) {
      const text = Array.from({ length: 5 }, () => sentence(8 + Math.floor(random() * 8))).join(' ');
      parts.push(`${text} See [the guide](https://example.com/${word()}) and *${word()}* or **${word()}**.`);
      words += text.split(' ').length + 6;
    }
    parts.push(`- ${sentence(5)}\n- ${sentence(5)}\n- ${sentence(5)}`);
    parts.push('```ts\nconst answer = await fetch(url);\n```');
    words += 20;
  }
  return parts.join('\n\n');
}

export interface DatasetSize {
  users: number;
  articles: number;
  drafts: number;
}

export const datasetSize = (scale: number): DatasetSize => ({
  users: Math.round(1000 * scale),
  articles: Math.round(100_000 * scale),
  drafts: Math.round(10_000 * scale),
});

async function databaseExists(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}

/** Ensures the dataset for `scale` exists at `url`; rebuilds it when missing or of another scale. */
export async function ensureDataset(url: string, scale: number, log = console.log): Promise<DatasetSize> {
  const size = datasetSize(scale);
  const name = new URL(url).pathname.slice(1);
  const adminUrl = Object.assign(new URL(url), { pathname: '/postgres' }).toString();
  if (await databaseExists(adminUrl, name)) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const [meta] = await sql`select scale from bench_meta where complete`.catch(() => []);
      if (meta && Number(meta.scale) === scale) {
        log(`dataset: reusing ${name} (scale ${scale})`);
        return size;
      }
    } finally {
      await sql.end();
    }
  }

  const startedAt = Date.now();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  await migratePostgres(url);

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    log(`dataset: building ${size.users} users, ${size.articles} articles, ${size.drafts} drafts in ${name}`);
    const passwordHash = await hashPassword(BENCH_PASSWORD, PRODUCTION_PASSWORD_HASH_PARAMS);
    await sql`
      insert into users (email, password_hash, name, email_verified)
      select 'bench' || g || '@finity.dev', ${passwordHash}, 'Bench Writer ' || g, true
      from generate_series(1, ${size.users}) g`;

    await sql`create unlogged table bench_bodies_source (i int primary key, content text, html text, words int)`;
    for (let i = 0; i < BODIES; i++) {
      const content = markdownBody(i + 1);
      await sql`insert into bench_bodies_source values (${i}, ${content}, ${renderMarkdown(content)}, ${wordCount(content)})`;
    }

    // Bulk load without the secondary indexes, then build them once: much faster than updating
    // every index (the GIN one above all) row by row. Two loaders, one per core.
    const secondary = await sql<{ name: string; definition: string }[]>`
      select indexname as name, indexdef as definition from pg_indexes
      where tablename in ('articles', 'drafts') and indexname not like '%_pkey' and indexname <> 'articles_slug_key'`;
    for (const index of secondary) await sql.unsafe(`drop index ${index.name}`);

    const chunk = 10_000;
    const chunks = Array.from({ length: Math.ceil(size.articles / chunk) }, (_, index) => index * chunk + 1);
    const loaders = postgres(url, { max: 2, onnotice: () => {} });
    let loaded = 0;
    const loadNext = async (): Promise<void> => {
      const from = chunks.shift();
      if (from === undefined) return;
      const to = Math.min(from + chunk - 1, size.articles);
      await loaders.begin(async (tx) => {
        await tx`create temporary table bench_bodies on commit drop as select * from bench_bodies_source`;
        await tx`
          with author as (select array_agg(id order by email) as ids from users)
          insert into articles (user_id, title, slug, content, html_content, status, word_count, published_at, created_at, updated_at)
          select author.ids[1 + (g % ${size.users})],
                 'Bench article ' || g,
                 'bench-article-' || g,
                 b.content, b.html,
                 (case when g % 5 < 3 then 'PUBLISHED' when g % 5 = 3 then 'DRAFT' else 'ARCHIVED' end)::"ArticleStatus",
                 b.words,
                 case when g % 5 < 3 then now() - (((g::bigint * 7919) % 730) || ' days')::interval - ((g % 86400) || ' seconds')::interval end,
                 now() - (((g::bigint * 104729) % 730) || ' days')::interval - ((g % 86400) || ' seconds')::interval,
                 now()
          from generate_series(${from}::int, ${to}::int) g
          cross join author
          join bench_bodies b on b.i = g % ${BODIES}`;
      });
      loaded += to - from + 1;
      log(`dataset: articles ${loaded}/${size.articles} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
      return loadNext();
    };
    await Promise.all([loadNext(), loadNext()]);
    await loaders.end();

    const section = `${'Draft section text with enough words to be realistic. '.repeat(18)}`;
    await sql`
      with author as (select array_agg(id order by email) as ids from users)
      insert into drafts (user_id, title, config, sections, metadata, updated_at)
      select author.ids[1 + (g % ${size.users})],
             'Bench draft ' || g,
             '{"topic":"benchmarks","keywords":["speed","latency"],"tone":"plain"}'::jsonb,
             jsonb_build_array(
               jsonb_build_object('heading', 'One', 'content', ${section}::text),
               jsonb_build_object('heading', 'Two', 'content', ${section}::text),
               jsonb_build_object('heading', 'Three', 'content', ${section}::text),
               jsonb_build_object('heading', 'Four', 'content', ${section}::text),
               jsonb_build_object('heading', 'Five', 'content', ${section}::text)),
             '{"seoTitle":"Bench"}'::jsonb,
             now() - ((g % 10000) || ' minutes')::interval
      from generate_series(1, ${size.drafts}) g, author`;
    await sql`drop table bench_bodies_source`;
    await sql`set maintenance_work_mem = '512MB'`;
    for (const index of secondary) {
      await sql.unsafe(index.definition);
      log(`dataset: index ${index.name} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
    }
    await sql`analyze`;
    await sql`create table bench_meta (scale numeric not null, complete boolean not null)`;
    await sql`insert into bench_meta values (${scale}, true)`;
    log(`dataset: built in ${Math.round((Date.now() - startedAt) / 1000)} s`);
    return size;
  } finally {
    await sql.end();
  }
}
