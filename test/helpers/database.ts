import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { wrapPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { withDatabase } from './postgres-admin.ts';

export interface TestDatabase extends DatabaseHandle {
  /** Connection string of this file's own database (PostgreSQL mode only). */
  url?: string;
}

export const usesPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

/**
 * A migrated database of the test file's own: a fresh PostgreSQL database cloned from the migrated
 * template when TEST_DATABASE_URL is set, else an in-memory PGlite loaded from the migrated dump.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `finity_test_${process.pid}_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
    const url = withDatabase(serverUrl, name);
    const handle = openPostgres({ url, poolMax: 10 });
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dump = await readFile(inject('pgliteDump'));
  const client = await PGlite.create({ loadDataDir: new Blob([dump]) });
  return wrapPglite(client);
}
