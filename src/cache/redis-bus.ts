import { Redis } from 'ioredis';
import type { BusReceiver, InvalidationBus } from './bus.ts';
import { FAIL_FAST_REDIS_OPTIONS } from './redis.ts';

interface Message {
  from: string;
  /** Counts every message its sender tried to publish, sent or not: a gap is a message lost. */
  seq: number;
  generations: string[];
}

const parse = (text: string): Message | undefined => {
  try {
    const value = JSON.parse(text) as Partial<Message>;
    if (typeof value.from !== 'string' || !Number.isSafeInteger(value.seq) || !Array.isArray(value.generations)) {
      return undefined;
    }
    if (!value.generations.every((key) => typeof key === 'string')) return undefined;
    return value as Message;
  } catch {
    return undefined;
  }
};

export interface RedisBusOptions {
  /** How often each process says it is there (an empty message); tests shorten it. */
  heartbeatMs?: number;
}

/**
 * The invalidation bus over Redis pub/sub (Node only): one connection publishes, one subscribes to
 * `channel`. Pub/sub delivers at most once, so the receiver resets whenever a message may have been
 * lost, and the bus is live (pages may be cached) only while it is known to work:
 *
 * - Every message carries its sender's sequence number, counted before the attempt: a publish that
 *   failed (the writer's connection down while the readers' were up) shows as a gap in the next one,
 *   and a gap, or a first message from a sender that is not its first, resets the receiver.
 * - Every process publishes an empty message every `heartbeatMs`, so a gap shows within that time,
 *   and checks it hears its own: if it has not for three beats (a subscription dead without its
 *   socket closing, or no way to publish), it resets, stops caching and reconnects.
 * - When the subscriber's connection closes, the receiver resets and nothing is cached until the
 *   subscription is back. A message that cannot be read (`redis-cli PUBLISH <channel> reset`) resets.
 */
export async function createRedisBus(
  url: string,
  channel: string,
  busOptions: RedisBusOptions = {},
): Promise<InvalidationBus> {
  const heartbeatMs = busOptions.heartbeatMs ?? 2000;
  const options = {
    ...FAIL_FAST_REDIS_OPTIONS,
    // Subscribed again by hand on every connect, so the bus knows when it is live again.
    autoResubscribe: false,
  };
  // Named after the channel, so CLIENT LIST shows which connections carry the bus.
  const publisher = new Redis(url, { ...options, connectionName: `${channel}:publisher` });
  const subscriber = new Redis(url, { ...options, connectionName: `${channel}:subscriber` });
  const self = crypto.randomUUID();
  const lastSeq = new Map<string, number>();
  let seq = 0;
  let receiver: BusReceiver | undefined;
  let live = false;
  let heardSelfAt = 0;
  let markLive = () => {};
  const firstLive = new Promise<void>((resolve) => {
    markLive = resolve;
  });

  const lost = () => {
    live = false;
    receiver?.reset();
  };
  const send = (generations: readonly string[]) =>
    publisher.publish(channel, JSON.stringify({ from: self, seq: ++seq, generations }));

  // Errors surface as commands failing or the connection closing; the reconnect loops run on their own.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  subscriber.on('close', lost);
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        heardSelfAt = Date.now();
        live = true;
        markLive();
      },
      () => subscriber.disconnect(true),
    );
  });
  subscriber.on('message', (channelName: string, text: string) => {
    if (channelName !== channel) return;
    const message = parse(text);
    if (!message) return receiver?.reset();
    if (message.from === self) {
      heardSelfAt = Date.now();
      return;
    }
    const previous = lastSeq.get(message.from);
    lastSeq.set(message.from, message.seq);
    if (message.seq !== (previous ?? 0) + 1) receiver?.reset();
    else if (message.generations.length > 0) receiver?.changed(message.generations);
  });

  const heartbeat = setInterval(() => {
    send([]).catch(() => {});
    if (live && Date.now() - heardSelfAt > 3 * heartbeatMs) {
      lost();
      subscriber.disconnect(true);
    }
  }, heartbeatMs);
  heartbeat.unref();

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
      if (generations.length > 0) await send(generations);
    },
    subscribe(next) {
      receiver = next;
    },
    isLive: () => live,
    async close() {
      clearInterval(heartbeat);
      live = false;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
