import type { Executor } from './database.ts';

/**
 * Statements built once per database rather than per request: Drizzle rebuilds a query's SQL on
 * every call, and PostgreSQL re-plans an unnamed statement on every execution, unless the query is
 * `.prepare()`d. `build` runs on the first call for each database (or transaction) and its
 * statements are kept as long as that database is.
 */
export function preparedPerDatabase<Statements>(build: (db: Executor) => Statements): (db: Executor) => Statements {
  const byDatabase = new WeakMap<Executor, Statements>();
  return (db) => {
    let statements = byDatabase.get(db);
    if (!statements) {
      statements = build(db);
      byDatabase.set(db, statements);
    }
    return statements;
  };
}
