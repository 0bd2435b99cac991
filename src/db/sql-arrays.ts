/**
 * A `text[]` literal of `values`, to bind as one text parameter cast with `::text[]`. Binding a JS
 * array instead depends on the driver knowing PostgreSQL's array types: postgres.js learns them only
 * by fetching types at connect, which the Workers entry turns off (a query per request there).
 * Every element is quoted, so commas, braces, quotes, backslashes and spaces stay inside it.
 */
export const textArrayLiteral = (values: readonly string[]): string =>
  `{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
