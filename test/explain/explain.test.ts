import { like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { articles } from '../../drizzle/index.ts';
import type { DatasetSize } from '../../scripts/explain-dataset.ts';
import { EXPLAIN_CASES, type ExplainCase } from '../../scripts/explain-queries.ts';
import { analysePlan, type ExplainRun, runExplainCheck } from '../../scripts/explain-runner.ts';

// Smaller than `npm run db:explain` (100,000 rows a table) but big enough that PostgreSQL, with
// enable_seqscan left on, only picks an index where the index is really the cheaper plan.
const TEST_SIZE: DatasetSize = {
  users: 1_000,
  articles: 20_000,
  drafts: 20_000,
  mediaAssets: 20_000,
  researchQueries: 20_000,
};

// A query no index can serve: proves the check fails when it should.
const CONTROL: ExplainCase = {
  name: 'control: substring of article content',
  run: (db) => db.select({ id: articles.id }).from(articles).where(like(articles.content, '%checklist%')).limit(5),
};

const serverUrl = process.env.TEST_DATABASE_URL;

describe('plan analysis', () => {
  it('flags a sequential scan on one of our tables and finds index scans', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'Limit',
          Plans: [
            { 'Node Type': 'Seq Scan', 'Relation Name': 'articles' },
            { 'Node Type': 'Index Scan', 'Index Name': 'users_pkey', 'Relation Name': 'users' },
          ],
        },
        'Planning Time': 0.1,
        'Execution Time': 0.2,
      },
    ];
    const report = analysePlan('select 1', plan);
    expect(report.seqScans).toEqual(['Seq Scan on articles']);
    expect(report.usesIndex).toBe(true);
    expect(report.nodes).toEqual(['Limit', '  Seq Scan on articles', '  Index Scan using users_pkey on users']);
  });

  it('ignores sequential scans of things that are not our tables', () => {
    const plan = JSON.stringify([
      { Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'pg_class' }, 'Planning Time': 0, 'Execution Time': 0 },
    ]);
    expect(analysePlan('select 1', plan).seqScans).toEqual([]);
  });
});

describe.skipIf(!serverUrl)('EXPLAIN of every list and lookup query (real PostgreSQL)', () => {
  let run: ExplainRun;
  beforeAll(async () => {
    run = await runExplainCheck(serverUrl as string, TEST_SIZE, [...EXPLAIN_CASES, CONTROL]);
  }, 180_000);

  it('runs on the generated volume', () => {
    expect(run.rowCounts.articles).toBe(TEST_SIZE.articles);
    expect(run.rowCounts.media_assets).toBe(TEST_SIZE.mediaAssets);
  });

  it.each(EXPLAIN_CASES.map((explainCase) => explainCase.name))('%s reads through an index', (name) => {
    const report = run.cases.find((candidate) => candidate.name === name);
    expect(report?.statements.length).toBeGreaterThan(0);
    expect(report?.problems).toEqual([]);
  });

  it('fails a query that no index serves', () => {
    const control = run.cases.find((candidate) => candidate.name === CONTROL.name);
    expect(control?.problems.join('\n')).toContain('Seq Scan on articles');
  });
});

describe.skipIf(serverUrl)('EXPLAIN check', () => {
  it.skip('needs TEST_DATABASE_URL (a real PostgreSQL server); `npm run db:explain` runs it at full size', () => {});
});
