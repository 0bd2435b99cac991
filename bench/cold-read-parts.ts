// `npm run bench:parts`: CPU per operation of the pieces of a cold public article read, in one
// process against the bench dataset (built by `npm run bench`), to see what the floor's whole request
// is made of and what the API adds: the query through postgres.js and through the API's prepared
// Drizzle statement, then serialising, checking and encoding the page.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../drizzle/index.ts';
import type { Executor } from '../src/db/database.ts';
import { toPublicArticle } from '../src/modules/public-articles/public-articles.presenter.ts';
import { createPublicArticlesRepository } from '../src/modules/public-articles/public-articles.repository.ts';
import { PublicArticleResponse } from '../src/modules/public-articles/public-articles.schemas.ts';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/finity_bench';
const QUERIES = 4000;
const IN_FLIGHT = 8;

const raw = postgres(DATABASE_URL, { max: 4, prepare: true, onnotice: () => {} });
const client = postgres(DATABASE_URL, { max: 4, onnotice: () => {} });
const repository = createPublicArticlesRepository(drizzle(client, { schema }) as unknown as Executor);

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function perQuery(name: string, slugs: string[], run: (slug: string) => Promise<unknown>) {
  for (const slug of slugs.slice(0, 500)) await run(slug);
  const started = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < QUERIES) await run(slugs[next++ % slugs.length] as string);
    }),
  );
  console.log(`${name.padEnd(44)} ${(cpuMs(started) / QUERIES).toFixed(3)} ms CPU per query`);
}

function perCall(name: string, run: () => unknown) {
  for (let index = 0; index < 2000; index++) run();
  const started = process.cpuUsage();
  for (let index = 0; index < 10_000; index++) run();
  console.log(`${name.padEnd(44)} ${(cpuMs(started) / 10_000).toFixed(3)} ms CPU per call`);
}

try {
  const slugs = (
    await raw<{ slug: string }[]>`select slug from articles where status = 'PUBLISHED' order by md5(slug) limit 5000`
  ).map((row) => row.slug);
  if (slugs.length === 0) throw new Error('no published articles: run `npm run bench` first to build the dataset');

  await perQuery(
    'query, postgres.js (the floor)',
    slugs,
    (slug) => raw`
    select a.id, a.title, a.slug, a.seo_title, a.meta_description, a.word_count, a.published_at,
           a.focus_keyphrase, a.html_content, a.version, u.name
    from articles a join users u on u.id = a.user_id
    where a.slug = ${slug} and a.status = 'PUBLISHED' and a.published_at is not null`,
  );
  await perQuery('query, prepared Drizzle statement (the API)', slugs, (slug) => repository.findPublishedBySlug(slug));

  const row = await repository.findPublishedBySlug(slugs[0] as string);
  if (!row) throw new Error('the first slug did not load');
  const page = toPublicArticle(row);
  const encoder = new TextEncoder();
  const json = JSON.stringify(page);
  console.log(`(page: ${json.length.toLocaleString('en')} characters of JSON)`);
  perCall('JSON.stringify of the page', () => JSON.stringify(page));
  perCall('zod parse of the page (PublicArticleResponse)', () => PublicArticleResponse.parse(page));
  perCall('UTF-8 encoding of the page', () => encoder.encode(json));
} finally {
  await raw.end();
  await client.end();
}
