import { and, asc, count, gt, like, notLike, sql } from 'drizzle-orm';
import { apiKeys } from '../../../drizzle/index.ts';
import { DecryptionError, type KeyRing } from '../../crypto/aead.ts';
import type { Database, Executor } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { reencryptStoredKey } from './api-keys.vault.ts';

export interface RotationProgress {
  batch: number;
  rotated: number;
  unreadable: number;
}

export interface RotationOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** Stop after this many batches (the rest is left for the next run). */
  maxBatches?: number;
  /** Checked between batches: a stop request finishes the current batch, then returns. */
  signal?: AbortSignal;
  /** Called after each committed batch. */
  onBatch?: (progress: RotationProgress) => void | Promise<void>;
}

export interface RotationReport {
  /** Rows re-encrypted to the primary key by this run. */
  rotated: number;
  /** Rows that changed between being read and written (a concurrent API write won; left as written). */
  changedConcurrently: number;
  /** Ids of rows that do not decrypt with any key in the ring: reported, never modified. */
  unreadable: string[];
  batches: number;
  stoppedEarly: boolean;
  /** Rows under the primary key after the run, and rows in the table. */
  current: number;
  total: number;
}

/** One statement per batch; a row is written only while it still holds the value that was read. */
async function writeConditionally(tx: Executor, updates: { id: string; old: string; next: string }[]) {
  if (updates.length === 0) return 0;
  const values = sql.join(
    updates.map((update) => sql`(${update.id}::uuid, ${update.old}, ${update.next})`),
    sql`, `,
  );
  const rows = await rowsOf(
    tx,
    sql`
    UPDATE api_keys SET encrypted_key = batch.next
    FROM (VALUES ${values}) AS batch (id, old, next)
    WHERE api_keys.id = batch.id AND api_keys.encrypted_key = batch.old
    RETURNING api_keys.id`,
  );
  return rows.length;
}

/**
 * Re-encrypts every API key still under an older key to the ring's primary key.
 *
 * Keyset by id over the rows not yet under the primary key, one transaction per batch: the batch's
 * rows are locked (`FOR UPDATE`) and each write is conditional on the value read, so a concurrent
 * PUT is never overwritten with stale data. A committed batch stays done, so the run can be stopped
 * at any point and started again; rows that do not decrypt are skipped and reported by id.
 */
export async function rotateApiKeys(
  db: Database,
  keyRing: KeyRing,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 100;
  const notCurrent = notLike(apiKeys.encryptedKey, `${keyRing.currentPrefix}%`);
  const report: RotationReport = {
    rotated: 0,
    changedConcurrently: 0,
    unreadable: [],
    batches: 0,
    stoppedEarly: false,
    current: 0,
    total: 0,
  };
  let cursor: string | undefined;

  for (;;) {
    if (options.signal?.aborted || (options.maxBatches !== undefined && report.batches >= options.maxBatches)) {
      report.stoppedEarly = true;
      break;
    }
    const seen = await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: apiKeys.id,
          userId: apiKeys.userId,
          provider: apiKeys.provider,
          encryptedKey: apiKeys.encryptedKey,
        })
        .from(apiKeys)
        .where(and(cursor === undefined ? undefined : gt(apiKeys.id, cursor), notCurrent))
        .orderBy(asc(apiKeys.id))
        .limit(batchSize)
        .for('update');
      const updates: { id: string; old: string; next: string }[] = [];
      for (const row of rows) {
        try {
          updates.push({ id: row.id, old: row.encryptedKey, next: reencryptStoredKey(keyRing, row) });
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          report.unreadable.push(row.id);
        }
      }
      const written = await writeConditionally(tx, updates);
      report.rotated += written;
      report.changedConcurrently += updates.length - written;
      return rows;
    });
    if (seen.length === 0) break;
    cursor = seen[seen.length - 1]?.id;
    report.batches++;
    await options.onBatch?.({ batch: report.batches, rotated: report.rotated, unreadable: report.unreadable.length });
    // No early exit on a short batch: with LIMIT and FOR UPDATE, rows re-checked after a lock wait
    // (now under the primary key) drop out, so a short batch does not mean the end.
  }

  const [totals] = await db.select({ total: count() }).from(apiKeys);
  const [current] = await db
    .select({ current: count() })
    .from(apiKeys)
    .where(like(apiKeys.encryptedKey, `${keyRing.currentPrefix}%`));
  report.total = Number(totals?.total ?? 0);
  report.current = Number(current?.current ?? 0);
  return report;
}
