// The floor the API is measured against, for the two public reads only: bare node:http and
// postgres.js with prepared statements, the same SQL and the same JSON as the API, and nothing else
// (no framework, validation, logging, cache or headers beyond what the answer needs). One statement
// per request: where the API batches the article lookups of concurrent reads (`slug = any($1)`),
// this reads each with `slug = $1`.
import { createServer } from 'node:http';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL ?? '', { max: 10, prepare: true, onnotice: () => {} });
const port = Number(process.env.PORT ?? 3100);

interface SummaryRow {
  id: string;
  title: string;
  slug: string;
  seo_title: string | null;
  meta_description: string | null;
  word_count: number;
  published_at: Date;
}

const summary = (row: SummaryRow) => ({
  id: row.id,
  title: row.title,
  slug: row.slug,
  seoTitle: row.seo_title,
  metaDescription: row.meta_description,
  wordCount: row.word_count,
  publishedAt: row.published_at.toISOString(),
});

function decodeCursor(raw: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 2 ? [String(value[0]), String(value[1])] : undefined;
  } catch {
    return undefined;
  }
}

const encodeCursor = (row: SummaryRow) =>
  Buffer.from(JSON.stringify([row.published_at.toISOString(), row.id])).toString('base64url');

async function listPublished(limit: number, cursor: [string, string] | undefined) {
  const rows = cursor
    ? await sql<SummaryRow[]>`
        select id, title, slug, seo_title, meta_description, word_count, published_at from articles
        where status = 'PUBLISHED' and published_at is not null
          and (published_at, id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)
        order by published_at desc, id desc limit ${limit + 1}`
    : await sql<SummaryRow[]>`
        select id, title, slug, seo_title, meta_description, word_count, published_at from articles
        where status = 'PUBLISHED' and published_at is not null
        order by published_at desc, id desc limit ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(summary), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

async function findBySlug(slug: string) {
  const [row] = await sql<
    (SummaryRow & { focus_keyphrase: string | null; html_content: string; version: number; name: string | null })[]
  >`
    select a.id, a.title, a.slug, a.seo_title, a.meta_description, a.word_count, a.published_at,
           a.focus_keyphrase, a.html_content, a.version, u.name
    from articles a join users u on u.id = a.user_id
    where a.slug = ${slug} and a.status = 'PUBLISHED' and a.published_at is not null`;
  if (!row) return undefined;
  return {
    version: row.version,
    body: JSON.stringify({
      ...summary(row),
      focusKeyphrase: row.focus_keyphrase,
      htmlContent: row.html_content,
      author: { name: row.name },
    }),
  };
}

createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://floor');
    if (url.pathname === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (url.pathname === '/v1/public/articles') {
      const cursorText = url.searchParams.get('cursor');
      const cursor = cursorText ? decodeCursor(cursorText) : undefined;
      const page = await listPublished(Number(url.searchParams.get('limit') ?? 20), cursor);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      return;
    }
    const slug = /^\/v1\/public\/articles\/([a-z0-9-]+)$/.exec(url.pathname)?.[1];
    const article = slug ? await findBySlug(slug) : undefined;
    if (!article) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":404}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', etag: `"${article.version}"` }).end(article.body);
  } catch {
    response.writeHead(500).end();
  }
}).listen(port, '127.0.0.1');
