import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textArrayLiteral } from '../../src/db/sql-arrays.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The first row of a raw statement: postgres.js answers an array of rows, PGlite `{ rows }`. */
async function firstRow<Row extends Record<string, unknown>>(
  statement: ReturnType<typeof sql>,
): Promise<Row | undefined> {
  const result: unknown = await database.db.execute(statement);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows)[0] as Row | undefined;
}

describe('textArrayLiteral', () => {
  it('is read back by PostgreSQL as the same elements, whatever characters they hold', async () => {
    const values = ['plain', 'with,comma', '{braces}', 'a "quote"', 'back\\slash', ' spaced ', 'NULL', '', 'ü → 😀'];
    const row = await firstRow<{ elements: string[] }>(sql`select ${textArrayLiteral(values)}::text[] as elements`);
    expect(row?.elements).toEqual(values);
  });

  it('gives an empty array for no values', async () => {
    const row = await firstRow<{ length: number }>(sql`select cardinality(${textArrayLiteral([])}::text[]) as length`);
    expect(row?.length).toBe(0);
  });
});
