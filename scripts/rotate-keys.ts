/**
 * `npm run keys:rotate`: re-encrypts every stored API key still under an older ENCRYPTION_KEY
 * entry to the first one. Safe to stop (Ctrl-C finishes the current batch) and to run again.
 * Exit code 0 when every row is under the first key, 2 when some rows do not decrypt, 3 when
 * stopped before the end.
 */
import { ConfigError, loadConfig } from '../src/config.ts';
import { KeyRing } from '../src/crypto/aead.ts';
import { openDatabase } from '../src/db/open.ts';
import { withDevSecrets } from '../src/dev-secrets.ts';
import { rotateApiKeys } from '../src/modules/api-keys/rotation.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(await withDevSecrets(process.env));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const batchSize = Number(process.env.ROTATE_BATCH_SIZE ?? 100);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error('ROTATE_BATCH_SIZE: expected a positive integer');
  process.exit(1);
}

const keyRing = new KeyRing(config.encryptionKeys);
console.log(`Encrypting to key ${keyRing.primaryKeyId}; decrypting with ${keyRing.keyIds.join(', ')}.`);
const database = await openDatabase(config);
const stop = new AbortController();
process.once('SIGINT', () => {
  console.log('Stopping after the current batch…');
  stop.abort();
});

try {
  const report = await rotateApiKeys(database.db, keyRing, {
    batchSize,
    signal: stop.signal,
    onBatch: ({ batch, rotated, unreadable }) =>
      console.log(`batch ${batch}: ${rotated} rotated, ${unreadable} unreadable so far`),
  });
  console.log(
    `Done${report.stoppedEarly ? ' (stopped early; run again to finish)' : ''}: ${report.rotated} rotated, ` +
      `${report.changedConcurrently} changed concurrently (left as written), ${report.unreadable.length} unreadable; ` +
      `${report.current} of ${report.total} keys are now under ${keyRing.primaryKeyId}.`,
  );
  if (report.unreadable.length > 0) {
    console.log(`Rows that do not decrypt with any configured key (left untouched): ${report.unreadable.join(', ')}`);
    process.exitCode = 2;
  }
  if (report.stoppedEarly) process.exitCode = 3;
} finally {
  await database.close();
}
