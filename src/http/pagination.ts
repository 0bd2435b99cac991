import { z } from '@hono/zod-openapi';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../crypto/encoding.ts';
import { validationFailed } from '../errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=`, shared by every list; spread into a list's own query schema. */
export const pageQueryShape = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Page size, 1..${MAX_PAGE_SIZE}`, example: 20 }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Opaque cursor from the previous page’s `nextCursor`' }),
};

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page' }),
    })
    .openapi(name);

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

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only says whether another page exists.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  position: (row: Row) => Cursor,
  present: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(present),
    nextCursor: hasMore && last ? encodeCursor(position(last)) : null,
  };
}
