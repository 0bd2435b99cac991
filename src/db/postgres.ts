import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../drizzle/index.ts';
import type { Database, DatabaseHandle } from './database.ts';

// Prisma-era URL parameters (`?schema=public&connection_limit=10`) would otherwise be sent to the
// server as run-time parameters, which PostgreSQL rejects.
const CLIENT_ONLY_PARAMS = ['schema', 'connection_limit', 'pool_timeout'];

export function connectionString(url: string): string {
  const parsed = new URL(url);
  for (const name of CLIENT_ONLY_PARAMS) parsed.searchParams.delete(name);
  return parsed.toString();
}

export interface PostgresOptions {
  url: string;
  poolMax: number;
  /** Workers: skip the type round trip at connect, which costs a query per request there. */
  fetchTypes?: boolean;
  /** Release idle connections after this many seconds. */
  idleTimeoutSeconds?: number;
  /** Server-side cap on one statement, so a slow query cannot hold a pooled connection forever. */
  statementTimeoutMs?: number;
}

/** postgres.js over TCP: Node, Bun, Deno, and Workers through `cloudflare:sockets`. */
export function openPostgres(options: PostgresOptions): DatabaseHandle {
  const client = postgres(connectionString(options.url), {
    max: options.poolMax,
    idle_timeout: options.idleTimeoutSeconds ?? 30,
    // A connection killed while it starts (pg_terminate_backend, a restart) is only given up at this
    // timeout, and the queries queued on it wait that long: 5 s rather than 10 keeps them within
    // test/reliability/database-faults.test.ts's bound (docs/operations.md).
    connect_timeout: 5,
    fetch_types: options.fetchTypes ?? true,
    onnotice: () => {},
    ...(options.statementTimeoutMs ? { connection: { statement_timeout: options.statementTimeoutMs } } : {}),
  });
  const db: Database = drizzle({ client, schema });
  return {
    db,
    driver: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}
