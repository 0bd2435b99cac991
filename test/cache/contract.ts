import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/cache/cache.ts';

export interface ContractSubject {
  cache: Cache;
  /** Lets time pass: the memory adapter's injected clock, or a real wait for a real Redis. */
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The behaviour every Cache adapter promises. Each adapter's test file runs this suite once;
 * keys carry a random run id so parallel files and earlier runs on one Redis never collide.
 */
export function describeCacheContract(name: string, open: () => Promise<ContractSubject>) {
  describe(`cache contract: ${name}`, () => {
    let subject: ContractSubject;
    const run = crypto.randomUUID();
    const key = (suffix: string) => `contract:${run}:${suffix}`;
    const cache = () => subject.cache;

    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('answers ping', async () => {
      await expect(cache().ping()).resolves.toBeUndefined();
    });

    it('reads a missing key as undefined', async () => {
      expect(await cache().get(key('missing'))).toBeUndefined();
    });

    it('round-trips JSON values exactly', async () => {
      const values: Record<string, unknown> = {
        object: { title: 'Zürich — 東京 🚀', tags: ['a', 'b'], nested: { n: 1.5, nothing: null, yes: true } },
        array: [1, 'two', { three: 3 }],
        text: 'OK',
        numericText: '12345',
        number: 42,
        zero: 0,
        falsy: false,
        empty: '',
        nullValue: null,
      };
      for (const [suffix, value] of Object.entries(values)) await cache().set(key(`json:${suffix}`), value, 60);
      for (const [suffix, value] of Object.entries(values)) {
        expect(await cache().get(key(`json:${suffix}`)), suffix).toEqual(value);
      }
    });

    it('overwrites a value on set', async () => {
      await cache().set(key('overwrite'), { v: 1 }, 60);
      await cache().set(key('overwrite'), { v: 2 }, 60);
      expect(await cache().get(key('overwrite'))).toEqual({ v: 2 });
    });

    it('reads several raw values in one call, as the UTF-8 bytes that were stored, undefined where absent', async () => {
      const text = '{"title":"Zürich — 東京 🚀","quote":"\\"a\\""}\nsecond line';
      await cache().setRaw(key('raw:text'), text, 60);
      await cache().setRaw(key('raw:bytes'), new TextEncoder().encode('7\n"etag"\n{}'), 60);
      const [fromText, missing, fromBytes] = await cache().getRaw([key('raw:text'), key('raw:none'), key('raw:bytes')]);
      expect(fromText).toBeInstanceOf(Uint8Array);
      expect(new TextDecoder().decode(fromText)).toBe(text);
      expect(missing).toBeUndefined();
      expect(new TextDecoder().decode(fromBytes)).toBe('7\n"etag"\n{}');
      expect(await cache().getRaw([])).toEqual([]);
    });

    it('reads a counter raw, as its decimal digits', async () => {
      await cache().increment(key('raw:counter'), 60);
      await cache().increment(key('raw:counter'), 60);
      const [counter] = await cache().getRaw([key('raw:counter')]);
      expect(new TextDecoder().decode(counter)).toBe('2');
    });

    it('expires a raw value after its TTL', async () => {
      await cache().setRaw(key('raw:ttl'), 'short', 1);
      await subject.elapse(1100);
      expect(await cache().getRaw([key('raw:ttl')])).toEqual([undefined]);
    });

    it('expires a value after its TTL', async () => {
      await cache().set(key('ttl'), 'short', 1);
      await cache().set(key('ttl-long'), 'long', 60);
      expect(await cache().get(key('ttl'))).toBe('short');
      await subject.elapse(1100);
      expect(await cache().get(key('ttl'))).toBeUndefined();
      expect(await cache().get(key('ttl-long'))).toBe('long');
    });

    it('setIfAbsent stores only when the key is absent, and again once it expired', async () => {
      expect(await cache().setIfAbsent(key('lock'), { owner: 'first' }, 1)).toBe(true);
      expect(await cache().setIfAbsent(key('lock'), { owner: 'second' }, 1)).toBe(false);
      expect(await cache().get(key('lock'))).toEqual({ owner: 'first' });
      await subject.elapse(1100);
      expect(await cache().setIfAbsent(key('lock'), { owner: 'third' }, 60)).toBe(true);
      expect(await cache().get(key('lock'))).toEqual({ owner: 'third' });
    });

    it('setIfAbsent lets exactly one of many concurrent callers win', async () => {
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, index) => cache().setIfAbsent(key('race'), { owner: index }, 60)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await cache().get(key('race'))).toEqual({ owner: winner });
    });

    it('deletes several keys at once and tolerates missing ones', async () => {
      for (const suffix of ['del:a', 'del:b', 'del:c']) await cache().set(key(suffix), suffix, 60);
      await cache().delete(key('del:a'), key('del:b'), key('del:never-set'));
      await cache().delete();
      expect(await cache().get(key('del:a'))).toBeUndefined();
      expect(await cache().get(key('del:b'))).toBeUndefined();
      expect(await cache().get(key('del:c'))).toBe('del:c');
    });

    it('increments a counter starting at 1 with the whole window left', async () => {
      const first = await cache().increment(key('count'), 60);
      const second = await cache().increment(key('count'), 60);
      expect(first.count).toBe(1);
      expect(second.count).toBe(2);
      expect(first.resetMs).toBeGreaterThan(59_000);
      expect(first.resetMs).toBeLessThanOrEqual(60_000);
      expect(second.resetMs).toBeLessThanOrEqual(first.resetMs);
    });

    it('increments atomically under 50 concurrent calls', async () => {
      const states = await Promise.all(Array.from({ length: 50 }, () => cache().increment(key('burst'), 60)));
      const counts = states.map((state) => state.count).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
      for (const state of states) {
        expect(state.resetMs).toBeGreaterThan(0);
        expect(state.resetMs).toBeLessThanOrEqual(60_000);
      }
      expect((await cache().increment(key('burst'), 60)).count).toBe(51);
    });

    it('starts the window at the first hit: later hits do not extend it, and it restarts after', async () => {
      const first = await cache().increment(key('window'), 1);
      expect(first.resetMs).toBeGreaterThan(800);
      await subject.elapse(500);
      const second = await cache().increment(key('window'), 1);
      expect(second.count).toBe(2);
      expect(second.resetMs).toBeGreaterThan(0);
      expect(second.resetMs).toBeLessThanOrEqual(first.resetMs - 450);
      await subject.elapse(700);
      const fresh = await cache().increment(key('window'), 1);
      expect(fresh.count).toBe(1);
      expect(fresh.resetMs).toBeGreaterThan(800);
    });

    it('keeps a counter and a plain value apart', async () => {
      await cache().increment(key('mixed:counter'), 60);
      await cache().set(key('mixed:value'), 7, 60);
      expect((await cache().increment(key('mixed:counter'), 60)).count).toBe(2);
      expect(await cache().get(key('mixed:value'))).toBe(7);
    });
  });
}
