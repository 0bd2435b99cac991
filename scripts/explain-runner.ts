import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../drizzle/index.ts';
import type { Database } from '../src/db/database.ts';
import { migratePostgres } from '../src/db/migrate.ts';
import { connectionString } from '../src/db/postgres.ts';
import { type DatasetSize, generateDataset } from './explain-dataset.ts';
import { EXPLAIN_CASES, type ExplainCase, pickSamples } from './explain-queries.ts';

export const USER_TABLES = ['users', 'articles', 'drafts', 'media_assets', 'research_queries', 'api_keys', 'settings'];
const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export interface StatementReport {
  sql: string;
  /** Plan nodes, depth first, e.g. `Index Scan using articles_user_id_created_at_id_idx on articles`. */
  nodes: string[];
  seqScans: string[];
  usesIndex: boolean;
  planningMs: number;
  executionMs: number;
}

export interface CaseReport {
  name: string;
  statements: StatementReport[];
  /** Why the case fails; empty when every statement reads through an index. */
  problems: string[];
}

export interface ExplainRun {
  rowCounts: Record<string, number>;
  generateMs: number;
  cases: CaseReport[];
}

function flatten(node: PlanNode, depth = 0): { node: PlanNode; depth: number }[] {
  return [{ node, depth }, ...(node.Plans ?? []).flatMap((child) => flatten(child, depth + 1))];
}

const describeNode = (node: PlanNode) =>
  [
    node['Node Type'],
    node['Index Name'] && `using ${node['Index Name']}`,
    node['Relation Name'] && `on ${node['Relation Name']}`,
  ]
    .filter(Boolean)
    .join(' ');

export function analysePlan(sql: string, explained: unknown): StatementReport {
  const [root] = (typeof explained === 'string' ? JSON.parse(explained) : explained) as {
    Plan: PlanNode;
    'Planning Time': number;
    'Execution Time': number;
  }[];
  if (!root) throw new Error('EXPLAIN returned no plan');
  const nodes = flatten(root.Plan);
  const seqScans = nodes
    .filter(({ node }) => node['Node Type'] === 'Seq Scan' && USER_TABLES.includes(node['Relation Name'] ?? ''))
    .map(({ node }) => describeNode(node));
  return {
    sql,
    nodes: nodes.map(({ node, depth }) => `${'  '.repeat(depth)}${describeNode(node)}`),
    seqScans,
    usesIndex: nodes.some(({ node }) => INDEX_NODES.has(node['Node Type'])),
    planningMs: root['Planning Time'],
    executionMs: root['Execution Time'],
  };
}

class Rollback extends Error {}

/**
 * Creates a scratch database on the server at `serverUrl`, migrates and fills it, then runs
 * EXPLAIN (ANALYZE) on the SQL each case's repository call sends, each inside a transaction that
 * is rolled back (some cases write, e.g. spending a verification token). The database is dropped.
 */
export async function runExplainCheck(
  serverUrl: string,
  size: DatasetSize,
  explainCases: ExplainCase[] = EXPLAIN_CASES,
): Promise<ExplainRun> {
  const name = `finity_explain_${process.pid}_${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const admin = postgres(connectionString(serverUrl), { max: 1, onnotice: () => {} });
  const url = new URL(connectionString(serverUrl));
  url.pathname = `/${name}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(url.toString());
    const started = performance.now();
    await generateDataset(client, size);
    const generateMs = performance.now() - started;
    const rowCounts: Record<string, number> = {};
    for (const table of USER_TABLES) {
      const [row] = await client.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
      rowCounts[table] = row?.n ?? 0;
    }

    const samples = await pickSamples(client);
    let captured: { sql: string; params: unknown[] }[] = [];
    const db: Database = drizzle({
      client,
      schema,
      logger: { logQuery: (sql, params) => captured.push({ sql, params }) },
    });

    const cases: CaseReport[] = [];
    for (const explainCase of explainCases) {
      captured = [];
      await db
        .transaction(async (tx) => {
          await explainCase.run(tx, samples);
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      const statements: StatementReport[] = [];
      for (const statement of captured) {
        let explained: unknown;
        await client
          .begin(async (tx) => {
            const [row] = await tx.unsafe(
              `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
              statement.params as postgres.ParameterOrJSON<never>[],
            );
            explained = row?.['QUERY PLAN'];
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
        statements.push(analysePlan(statement.sql, explained));
      }
      const problems: string[] = [];
      if (statements.length === 0) problems.push('the repository call sent no SQL');
      for (const statement of statements) {
        for (const scan of statement.seqScans) problems.push(`${scan} in: ${statement.sql}`);
        const reads = /^\s*(select|update|delete)\b/i.test(statement.sql);
        if (reads && !statement.usesIndex) problems.push(`no index scan in: ${statement.sql}`);
      }
      cases.push({ name: explainCase.name, statements, problems });
    }
    return { rowCounts, generateMs, cases };
  } finally {
    await client.end({ timeout: 5 });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}
