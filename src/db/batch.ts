import DataLoader from 'dataloader';

export interface BatchOptions {
  /** The most keys one read is given; more in one turn are read in several. */
  maxBatchSize: number;
}

// After the I/O callbacks of the current turn of the event loop, so a batch holds every request
// read from the sockets in that turn (DataLoader's own default, after the current microtasks,
// would see one request at a time there). Where there is no setImmediate (Workers, whose database
// clients are per request anyway), DataLoader's default applies.
const afterThisTurn =
  typeof setImmediate === 'function' ? (callback: () => void) => void setImmediate(callback) : undefined;

/**
 * Single-key lookups batched per turn: the lookups started in one turn go to `readMany` once, with
 * each distinct key once, and each caller gets the row under its key (undefined when there is none)
 * or the read's error. Nothing is remembered between turns: this saves round trips, it is not a
 * cache.
 */
export function batchPerTurn<Key, Row>(
  readMany: (keys: Key[]) => Promise<ReadonlyMap<Key, Row>>,
  options: BatchOptions,
): (key: Key) => Promise<Row | undefined> {
  const loader = new DataLoader<Key, Row | undefined>(
    async (keys) => {
      const rows = await readMany([...new Set(keys)]);
      return keys.map((key) => rows.get(key));
    },
    { cache: false, maxBatchSize: options.maxBatchSize, batchScheduleFn: afterThisTurn },
  );
  return (key) => loader.load(key);
}
