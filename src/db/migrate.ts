import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { MIGRATIONS_FOLDER } from './migrations-folder.ts';
import { connectionString } from './postgres.ts';

/** Applies `migrations/` to the PostgreSQL server at `url` (Node: the migrator reads files). */
export async function migratePostgres(url: string): Promise<void> {
  const client = postgres(connectionString(url), { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end({ timeout: 5 });
  }
}
