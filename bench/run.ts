// `npm run bench`: builds (or reuses) the dataset, starts the API and the floor server against real
// PostgreSQL and Redis, drives them with autocannon at fixed concurrency, rounds interleaved so
// machine noise hits every target alike, and writes docs/benchmarks.md.
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import type { InvalidationBus } from '../src/cache/bus.ts';
import { createRedisBus } from '../src/cache/redis-bus.ts';
import { TokenSigner } from '../src/crypto/tokens.ts';
import { encodeCursor } from '../src/db/cursor.ts';
import { PUBLIC_PAGES_CHANNEL } from '../src/deps.ts';
import { articleKeys } from '../src/modules/public-articles/public-articles.cache.ts';
import { BENCH_PASSWORD, ensureDataset } from './dataset.ts';
import { cpuMs, postgresCpuMs, startServer, stopServer, type Target } from './processes.ts';
import { type ListProbe, type Measurement, writeReport } from './report.ts';
import { buildScenarios, type Scenario, type ScenarioData } from './scenarios.ts';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/finity_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256';

const log = (line: string) => console.log(line);

async function loadScenarioData(redis: Redis, bus: InvalidationBus): Promise<ScenarioData> {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const slugs = await sql<{ slug: string }[]>`
      select slug from articles where status = 'PUBLISHED' order by md5(slug)`;
    // Pages 1,000 deep into the feed (or as deep as a small dataset goes).
    const [counted] = await sql<{ published: number }[]>`
      select count(*)::int as published from articles where status = 'PUBLISHED' and published_at is not null`;
    const deepPage = Math.max(1, Math.min(1000, Math.floor((counted?.published ?? 0) / 20) - 11));
    const deep = await sql<{ published_at: Date; id: string }[]>`
      select published_at, id from articles where status = 'PUBLISHED' and published_at is not null
      order by published_at desc, id desc offset ${deepPage * 20 - 1} limit 10`;
    const users = await sql<{ id: string; email: string }[]>`select id, email from users order by email limit 200`;
    const drafts = await sql<{ id: string; user_id: string; version: number }[]>`
      select distinct on (user_id) id, user_id, version from drafts order by user_id, id limit ${CONNECTIONS * 2}`;

    const versions = new Map(drafts.map((draft) => [draft.id, draft.version]));
    const signer = new TokenSigner(JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const tokenFor = (sub: string) =>
      signer.sign({ sub, iat: now, exp: now + 86_400, jti: crypto.randomUUID(), ver: 0 });
    return {
      coldSlugs: slugs.slice(2000).map((row) => row.slug),
      warmSlugs: slugs.slice(0, 2000).map((row) => row.slug),
      deepPage,
      deepCursors: [],
      deepMadeUpCursors: deep.map((row) => encodeCursor({ at: row.published_at, id: row.id })),
      listTokens: await Promise.all(users.map((user) => tokenFor(user.id))),
      autosaveDrafts: await Promise.all(
        drafts.map(async (draft) => ({ id: draft.id, token: await tokenFor(draft.user_id) })),
      ),
      draftVersions: versions,
      reloadDraftVersions: async () => {
        const current = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
        try {
          const ids = drafts.map((draft) => draft.id);
          const rows = await current<
            { id: string; version: number }[]
          >`select id, version from drafts where id in ${current(ids)}`;
          for (const row of rows) versions.set(row.id, row.version);
        } finally {
          await current.end();
        }
      },
      loginEmails: users.map((user) => user.email),
      loginPassword: BENCH_PASSWORD,
      flushCache: async () => {
        // The article pages only: the feed's pages and issued cursors stay, as they would for
        // readers paging through it while articles drop out of the cache. The API keeps public
        // pages in its memory, so it is told the way a write in another process tells it.
        const cold = slugs.slice(2000).map((row) => articleKeys(row.slug).generation);
        for (let index = 0; index < cold.length; index += 1000) await bus.publish(cold.slice(index, index + 1000));
        for (const pattern of ['public-article:*']) {
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
            if (keys.length > 0) await redis.unlink(...keys);
            cursor = next;
          } while (cursor !== '0');
        }
      },
    };
  } finally {
    await sql.end();
  }
}

/**
 * Cursors of `count` consecutive pages from `page` pages deep, got the way a reader gets them: by
 * following nextCursor from the first page (the API caches pages only for cursors it issued).
 */
async function walkFeed(target: string, page: number, count: number): Promise<string[]> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let index = 0; index < page + count && (index === 0 || cursor); index++) {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const response = await fetch(`${target}/v1/public/articles?limit=20${query}`);
    if (!response.ok) throw new Error(`walking the feed: ${response.status} at page ${index + 1}`);
    cursor = ((await response.json()) as { nextCursor: string | null }).nextCursor;
    if (index + 1 >= page && cursor) cursors.push(cursor);
  }
  return cursors.slice(0, count);
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Times `count` requests sent one after another, each to the next of `paths`; the median in ms. */
async function sequentialP50(target: string, paths: string[], count: number): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const startedAt = performance.now();
    const response = await fetch(`${target}${paths[index % paths.length]}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`probe: ${response.status}`);
    times.push(performance.now() - startedAt);
  }
  return medianOf(times);
}

/** The public list's latency without load: first and deep pages, cached and from the database. */
async function probeList(target: string, data: ScenarioData): Promise<ListProbe> {
  const requests = 400;
  const page = (cursor?: string) => `/v1/public/articles?limit=20${cursor ? `&cursor=${cursor}` : ''}`;
  // A position above every article: the rows after it are the first page, but the API never issued it.
  const top = encodeCursor({ at: new Date(Date.now() + 86_400_000), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
  await sequentialP50(target, [page(), ...data.deepCursors.map(page)], 50);
  return {
    requests,
    firstCached: await sequentialP50(target, [page()], requests),
    deepCached: await sequentialP50(target, data.deepCursors.map(page), requests),
    firstFromDatabase: await sequentialP50(target, [page(top)], requests),
    deepFromDatabase: await sequentialP50(target, data.deepMadeUpCursors.map(page), requests),
  };
}

async function measure(target: Target, scenario: ReturnType<typeof buildScenarios>[number], round: number) {
  await scenario.prepare?.(target.url);
  const pid = target.process.pid ?? 0;
  const cpuBefore = cpuMs(pid);
  const pgBefore = postgresCpuMs();
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 30,
    requests: scenario.requests(target.url),
  });
  const total = result.requests.total || 1;
  const okCount = scenario.okStatuses.reduce(
    (sum, status) => sum + Number(result.statusCodeStats[status]?.count ?? 0),
    0,
  );
  const measurement: Measurement = {
    scenario: scenario.name,
    target: target.name,
    round,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    apiCpuMsPerRequest: (cpuMs(pid) - cpuBefore) / total,
    postgresCpuMsPerRequest: (postgresCpuMs() - pgBefore) / total,
    errors: result.errors + result.timeouts + (total - okCount),
  };
  log(
    `  ${scenario.name} · ${target.name} · round ${round}: ${Math.round(measurement.requestsPerSecond)} req/s, ` +
      `p50 ${measurement.p50} ms, p99 ${measurement.p99} ms, errors ${measurement.errors}` +
      (measurement.errors
        ? ` (${Object.entries(result.statusCodeStats)
            .map(([status, { count }]) => `${status}×${count}`)
            .join(' ')}, ${result.errors} socket errors, ${result.timeouts} timeouts)`
        : ''),
  );
  return measurement;
}

async function main() {
  const startedAt = new Date();
  await ensureDataset(DATABASE_URL, SCALE, log);
  const redis = new Redis(REDIS_URL);
  const bus = await createRedisBus(REDIS_URL, PUBLIC_PAGES_CHANNEL);
  const data = await loadScenarioData(redis, bus);

  const api = await startServer('api', 'src/node.ts', 3201, {
    NODE_ENV: 'production',
    DATABASE_URL,
    REDIS_URL,
    JWT_SECRET,
    ENCRYPTION_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    LOG_LEVEL: 'info',
    // The login scenario measures hashing throughput from one address, not the failed-login limit
    // (which counts attempts in flight, so 32 concurrent logins from one IP would otherwise be 429).
    LOGIN_RATE_LIMIT: '1000000/1m',
  });
  const floor = await startServer('floor', 'bench/floor.ts', 3202, { DATABASE_URL });
  const measurements: Measurement[] = [];
  let scenarios: Scenario[] = [];
  let probe: ListProbe | undefined;
  try {
    data.deepCursors = await walkFeed(api.url, data.deepPage, 10);
    log(`feed: walked ${data.deepPage + 10} pages for the deep-cursor scenario`);
    if (!ONLY || ONLY.some((name) => name.startsWith('public list'))) {
      probe = await probeList(api.url, data);
      log(`probe: ${JSON.stringify(probe)}`);
    }
    scenarios = buildScenarios(data).filter((scenario) => !ONLY || ONLY.includes(scenario.name));
    // Warm both processes' JIT and connection pools on every route the floor is compared on, before
    // anything is measured: otherwise the first round of a scenario also times its code's compilation.
    for (const scenario of scenarios.filter((candidate) => candidate.hasFloor)) {
      for (const target of [api, floor]) {
        await autocannon({
          url: target.url,
          connections: CONNECTIONS,
          duration: 1,
          requests: scenario.requests(target.url),
        });
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}`);
      for (const scenario of scenarios) {
        // Alternate which target goes first, so neither always runs on a cooler machine.
        const targets = scenario.hasFloor ? (round % 2 === 1 ? [api, floor] : [floor, api]) : [api];
        for (const target of targets) measurements.push(await measure(target, scenario, round));
        if (scenario.settleMs) await new Promise((resolve) => setTimeout(resolve, scenario.settleMs));
      }
    }
  } finally {
    await stopServer(api);
    await stopServer(floor);
    redis.disconnect();
    await bus.close();
  }
  await writeReport({
    probe,
    startedAt,
    scale: SCALE,
    durationSeconds: DURATION,
    rounds: ROUNDS,
    connections: CONNECTIONS,
    scenarios,
    measurements,
  });
}

await main();
