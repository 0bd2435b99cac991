import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvalidationBus } from '../../src/cache/bus.ts';
import { decodeText, encodeText } from '../../src/cache/cache.ts';
import { createLocalPageStore } from '../../src/cache/local-pages.ts';
import type { PageKeys, PageStore } from '../../src/cache/page-cache.ts';
import { createRedisBus } from '../../src/cache/redis-bus.ts';
import { reachableRedisUrl } from './redis-url.ts';

const url = await reachableRedisUrl();
const keys: PageKeys = { generation: 'bus:gen', page: 'bus:page' };

async function eventually(check: () => Promise<boolean> | boolean, what: string) {
  const startedAt = Date.now();
  while (!(await check())) {
    if (Date.now() - startedAt > 5000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const readText = async (store: PageStore) => {
  const { body } = await store.read(keys);
  return body ? decodeText(body) : undefined;
};

/** Reads the page twice (it is kept from its second read on), then stores `text` as it. */
async function storeText(store: PageStore, text: string) {
  await store.read(keys);
  await store.store(await store.read(keys), { keys, body: encodeText(text), ttlSeconds: 60 });
}

describe.skipIf(!url)('the Redis invalidation bus', () => {
  const opened: InvalidationBus[] = [];
  const admin = () => new Redis(url as string);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  /** Two processes' stores of one deployment: two buses on one channel. */
  async function twoProcesses(heartbeatMs?: number) {
    const channel = `test:${crypto.randomUUID()}:pages`;
    const buses = [
      await createRedisBus(url as string, channel, { heartbeatMs }),
      await createRedisBus(url as string, channel, { heartbeatMs }),
    ] as const;
    opened.push(...buses);
    const one = createLocalPageStore({ bus: buses[0], maxBytes: 1024 * 1024 });
    const two = createLocalPageStore({ bus: buses[1], maxBytes: 1024 * 1024 });
    return { channel, buses, one, two };
  }

  it('drops the page another process cached when this one writes', async () => {
    const { buses, one, two } = await twoProcesses();
    expect(buses.every((bus) => bus.isLive())).toBe(true);
    await storeText(two, 'cached by the other process');
    expect(await readText(two)).toBe('cached by the other process');

    await one.invalidate([keys.generation]);
    await eventually(async () => (await readText(two)) === undefined, 'the other process dropped its page');
  });

  it('does not drop a page this process stored after its own write when its own message comes back', async () => {
    const { one, two } = await twoProcesses();
    await storeText(two, 'probe');
    await one.invalidate([keys.generation]);
    await storeText(one, 'fresh after the write');
    // Once the other process has had the message, this one has had it back too (same channel).
    await eventually(async () => (await readText(two)) === undefined, 'the message went round');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readText(one)).toBe('fresh after the write');
  });

  it("forgets its pages on a gap in another process's numbered messages (a publish that failed)", async () => {
    const { channel, two } = await twoProcesses();
    const redis = admin();
    const send = (from: string, seq: number) => redis.publish(channel, JSON.stringify({ from, seq, generations: [] }));
    try {
      await storeText(two, 'cached');
      // A sender's first message and the next one in sequence: nothing was lost.
      await send('writer', 1);
      await send('writer', 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await readText(two)).toBe('cached');
      // Message 3 never arrived (its publish failed): 4 shows the gap.
      await send('writer', 4);
      await eventually(async () => (await readText(two)) === undefined, 'the gap was noticed');

      // A sender first heard of in the middle of its sequence may have sent messages before.
      await storeText(two, 'cached again');
      await send('late-writer', 7);
      await eventually(async () => (await readText(two)) === undefined, 'a late first message was noticed');
    } finally {
      redis.disconnect();
    }
  });

  it('resets every store on the channel on a message it cannot read', async () => {
    const { channel, one, two } = await twoProcesses();
    await storeText(one, 'one');
    await storeText(two, 'two');
    const redis = admin();
    try {
      await redis.publish(channel, 'reset');
    } finally {
      redis.disconnect();
    }
    await eventually(async () => (await readText(one)) === undefined && (await readText(two)) === undefined, 'reset');
  });

  it('forgets everything when its subscription drops, and caches again once it is back', async () => {
    const { channel, buses, two } = await twoProcesses();
    await storeText(two, 'cached before the drop');
    const redis = admin();
    try {
      const ids = ((await redis.client('LIST')) as string)
        .split('\n')
        .filter((line) => line.includes(` name=${channel}:subscriber `))
        .map((line) => line.match(/^id=(\d+)/)?.[1] as string);
      expect(ids).toHaveLength(2);
      for (const id of ids) await redis.client('KILL', 'ID', id);
    } finally {
      redis.disconnect();
    }
    // Whatever was published while the subscription was down is lost, so nothing held counts.
    await eventually(() => !buses[1].isLive(), 'the subscription is seen to drop');
    expect(await readText(two)).toBeUndefined();
    await eventually(() => buses.every((bus) => bus.isLive()), 'the subscriptions are back');
    expect(await readText(two)).toBeUndefined();
    expect(two.bytes).toBe(0);
    await storeText(two, 'cached again');
    expect(await readText(two)).toBe('cached again');
  });

  it('starts without Redis: not live, so nothing is cached and nothing fails', async () => {
    const bus = await createRedisBus('redis://127.0.0.1:1', 'test:nowhere');
    opened.push(bus);
    const store = createLocalPageStore({ bus, maxBytes: 1024 * 1024 });
    expect(bus.isLive()).toBe(false);
    await storeText(store, 'nowhere to go');
    expect(await readText(store)).toBeUndefined();
    await expect(store.invalidate([keys.generation])).rejects.toThrow();
  });
});
