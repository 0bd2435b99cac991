import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from './database.ts';
import { openPostgres } from './postgres.ts';

/** Node's choice of database: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.database.url) {
    return openPostgres({
      url: config.database.url,
      poolMax: config.database.poolMax,
      statementTimeoutMs: config.database.statementTimeoutMs,
    });
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(join(config.dataDir, 'pglite'));
}
