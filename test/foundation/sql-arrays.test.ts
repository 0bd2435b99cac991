import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/rows.ts';
import { textArrayLiteral } from '../../src/db/sql-arrays.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('textArrayLiteral', () => {
  it('is read back by PostgreSQL as the same elements, whatever characters they hold', async () => {
    const values = ['plain', 'with,comma', '{braces}', 'a "quote"', 'back\\slash', ' spaced ', 'NULL', '', 'ü → 😀'];
    const [row] = await rowsOf<{ elements: string[] }>(
      database.db,
      sql`select ${textArrayLiteral(values)}::text[] as elements`,
    );
    expect(row?.elements).toEqual(values);
  });

  it('gives an empty array for no values', async () => {
    const [row] = await rowsOf<{ length: number }>(
      database.db,
      sql`select cardinality(${textArrayLiteral([])}::text[]) as length`,
    );
    expect(row?.length).toBe(0);
  });
});
