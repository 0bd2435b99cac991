import { Redis } from 'ioredis';
import type { BusReceiver, InvalidationBus } from './local-pages.ts';

interface Message {
  from: string;
  generations: string[];
}

const parse = (text: string): Message | undefined => {
  try {
    const value = JSON.parse(text) as Partial<Message>;
    if (typeof value.from !== 'string' || !Array.isArray(value.generations)) return undefined;
    if (!value.generations.every((key) => typeof key === 'string')) return undefined;
    return value as Message;
  } catch {
    return undefined;
  }
};

/**
 * The invalidation bus over Redis pub/sub (Node only): one connection publishes, one subscribes to
 * `channel`. Pub/sub delivers at most once, so the bus is live only while the subscription stands:
 * when its connection closes, the receiver resets (whatever was published meanwhile is lost) and
 * nothing is cached until the subscription is back. A message that is not ours and not well-formed
 * (`redis-cli PUBLISH <channel> reset`, say) resets too.
 */
export async function createRedisBus(url: string, channel: string): Promise<InvalidationBus> {
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    // Subscribed again by hand on every connect, so the bus knows when it is live again.
    autoResubscribe: false,
  };
  const publisher = new Redis(url, options);
  // Named after the channel, so CLIENT LIST shows which connection holds the subscription.
  const subscriber = new Redis(url, { ...options, connectionName: `${channel}:subscriber` });
  const self = crypto.randomUUID();
  let receiver: BusReceiver | undefined;
  let live = false;
  let markLive = () => {};
  const firstLive = new Promise<void>((resolve) => {
    markLive = resolve;
  });

  // Errors surface as commands failing or the connection closing; the reconnect loops run on their own.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  subscriber.on('close', () => {
    live = false;
    receiver?.reset();
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        live = true;
        markLive();
      },
      () => subscriber.disconnect(true),
    );
  });
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const message = parse(text);
    if (!message) receiver?.reset();
    else if (message.from !== self) receiver?.changed(message.generations);
  });

  const [, connected] = await Promise.all([
    publisher.connect().catch(() => {}),
    subscriber.connect().then(
      () => true,
      () => false,
    ),
  ]);
  // Starts live when Redis is up; a Redis that is down only means no caching until it is back.
  if (connected) {
    await Promise.race([firstLive, new Promise((resolve) => setTimeout(resolve, options.connectTimeout).unref())]);
  }
  return {
    async publish(generations) {
      if (generations.length > 0) await publisher.publish(channel, JSON.stringify({ from: self, generations }));
    },
    subscribe(next) {
      receiver = next;
    },
    isLive: () => live,
    async close() {
      live = false;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
