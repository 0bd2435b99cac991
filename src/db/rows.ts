import type { SQL } from 'drizzle-orm';
import type { Executor } from './database.ts';

/** The rows of a raw statement on either driver: postgres.js answers an array of rows, PGlite `{ rows }`. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
