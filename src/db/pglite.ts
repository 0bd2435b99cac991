import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle, type PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../../drizzle/index.ts';
import type { Database, DatabaseHandle, Schema } from './database.ts';
import { MIGRATIONS_FOLDER } from './migrations-folder.ts';

export function wrapPglite(client: PGlite): DatabaseHandle & { pglite: PgliteDatabase<Schema> } {
  const pglite = drizzle({ client, schema });
  const db: Database = pglite;
  return {
    pglite,
    db,
    driver: 'pglite',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

/** Embedded PostgreSQL (Node only): persists under `dataDir` and migrates itself on open. */
export async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir });
  const handle = wrapPglite(client);
  await migrate(handle.pglite, { migrationsFolder: MIGRATIONS_FOLDER });
  return handle;
}
