/**
 * `npm run db:explain`: proves every list and lookup query the API runs reads through an index on a
 * realistic volume. Against the PostgreSQL server of DATABASE_URL it creates a scratch database,
 * migrates it, generates 100,000 articles (and drafts, media, research history for 1,000 users),
 * EXPLAIN ANALYZEs each repository query and exits 1 if any plan has a sequential scan on a table
 * of ours or reads without an index. The scratch database is dropped afterwards.
 */
import { FULL_SIZE } from './explain-dataset.ts';
import { runExplainCheck } from './explain-runner.ts';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('db:explain needs DATABASE_URL (a PostgreSQL server where it may create a scratch database).');
  process.exit(2);
}

const started = performance.now();
const run = await runExplainCheck(serverUrl, FULL_SIZE);
const rows = Object.entries(run.rowCounts)
  .map(([table, count]) => `${table}=${count}`)
  .join(' ');
console.log(`dataset: ${rows} (generated and analysed in ${(run.generateMs / 1000).toFixed(1)} s)\n`);

let failures = 0;
for (const report of run.cases) {
  const ok = report.problems.length === 0;
  if (!ok) failures += 1;
  const timing = report.statements
    .map((statement) => `${statement.executionMs.toFixed(2)} ms (plan ${statement.planningMs.toFixed(2)} ms)`)
    .join(', ');
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${report.name}: ${timing}`);
  for (const statement of report.statements) {
    for (const node of statement.nodes) console.log(`       ${node}`);
  }
  for (const problem of report.problems) console.log(`       !! ${problem}`);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\n${run.cases.length - failures}/${run.cases.length} queries use an index; ${seconds} s in all.`);
process.exit(failures === 0 ? 0 : 1);
