import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../crypto/encoding.ts';
import { validationFailed } from '../errors.ts';

/** A keyset position: the row's sort timestamp and its id (the tie-breaker). */
export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Exactly what encodeCursor writes, years 0001..9999: JavaScript dates reach ±275760 and year 0,
// which PostgreSQL's timestamptz refuses (a forged cursor was a 500).
const POSITION = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(utf8(JSON.stringify([cursor.at.toISOString(), cursor.id])));
}

/** The cursor's position, or a 400 naming `cursor` for anything we did not issue. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  const invalid = () => validationFailed([{ path: 'cursor', message: 'Invalid cursor.' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(fromBase64Url(raw)));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as [unknown, unknown];
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || !POSITION.test(at)) throw invalid();
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) throw invalid();
  return { at: date, id };
}

/**
 * Rows after `cursor` in `(sortColumn DESC, id DESC)` order. Written as a row comparison so
 * PostgreSQL uses it as an index range condition (the OR form makes it walk and filter).
 */
export function after(sortColumn: AnyPgColumn, idColumn: AnyPgColumn, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${sortColumn}, ${idColumn}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

/** A page of a keyset list, as every list answers it. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says whether another page exists. */
export function toPage<Row>(rows: Row[], limit: number, position: (row: Row) => Cursor): Page<Row> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data.at(-1);
  return { data, nextCursor: hasMore && last ? encodeCursor(position(last)) : null };
}

/** The page with each row through its presenter. */
export const presentPage = <Row, Item>(page: Page<Row>, present: (row: Row) => Item): Page<Item> => ({
  data: page.data.map(present),
  nextCursor: page.nextCursor,
});
