import { describe, expect, it } from 'vitest';
import { batchPerTurn } from '../../src/db/batch.ts';

/** A lookup over `table` that records the keys of every read it is given. */
function recordingLookup(table: Record<string, string>, maxBatchSize = 64) {
  const reads: string[][] = [];
  const lookup = batchPerTurn(
    async (keys: string[]) => {
      reads.push(keys);
      return new Map(keys.flatMap((key) => (key in table ? [[key, table[key] as string] as const] : [])));
    },
    { maxBatchSize },
  );
  return { lookup, reads };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('batchPerTurn', () => {
  it('reads the lookups of one turn together, each distinct key once, and answers each under its key', async () => {
    const { lookup, reads } = recordingLookup({ a: 'row a', b: 'row b', c: 'row c' });
    const answers = await Promise.all([lookup('a'), lookup('c'), lookup('missing'), lookup('a'), lookup('b')]);
    expect(answers).toEqual(['row a', 'row c', undefined, 'row a', 'row b']);
    expect(reads).toEqual([['a', 'c', 'missing', 'b']]);
  });

  it('reads lookups of different turns apart, and remembers nothing between them', async () => {
    const table: Record<string, string> = { a: 'first' };
    const { lookup, reads } = recordingLookup(table);
    expect(await lookup('a')).toBe('first');
    await nextTurn();
    table.a = 'changed';
    expect(await lookup('a')).toBe('changed');
    expect(reads).toEqual([['a'], ['a']]);
  });

  it('batches lookups started from several I/O callbacks of the same turn', async () => {
    const { lookup, reads } = recordingLookup({ a: '1', b: '2', c: '3' });
    // As requests read from several sockets in one turn: each starts its lookup in its own callback.
    const answers = await new Promise<Array<string | undefined>>((resolve) => {
      const pending: Array<Promise<string | undefined>> = [];
      for (const key of ['a', 'b', 'c']) setImmediate(() => pending.push(lookup(key)));
      setImmediate(() => void Promise.all(pending).then(resolve));
    });
    expect(answers).toEqual(['1', '2', '3']);
    expect(reads).toEqual([['a', 'b', 'c']]);
  });

  it('splits a turn with more keys than maxBatchSize into several reads', async () => {
    const keys = Array.from({ length: 10 }, (_, index) => `k${index}`);
    const { lookup, reads } = recordingLookup(Object.fromEntries(keys.map((key) => [key, key.toUpperCase()])), 4);
    expect(await Promise.all(keys.map((key) => lookup(key)))).toEqual(keys.map((key) => key.toUpperCase()));
    expect(reads.map((read) => read.length)).toEqual([4, 4, 2]);
  });

  it("gives the read's error to every lookup of the batch", async () => {
    const lookup = batchPerTurn(
      async (): Promise<Map<string, string>> => {
        throw new Error('connection lost');
      },
      { maxBatchSize: 64 },
    );
    const results = await Promise.allSettled([lookup('a'), lookup('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(results.map((result) => (result as PromiseRejectedResult).reason.message)).toEqual([
      'connection lost',
      'connection lost',
    ]);
  });
});
