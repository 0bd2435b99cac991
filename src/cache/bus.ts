/**
 * How the processes of one deployment tell each other which generations a write replaced. A
 * subscription can drop messages while it is down, so the bus says when it is live: a store caches
 * nothing while it is not, and forgets everything when it stops being live.
 */
export interface InvalidationBus {
  /** Tells every other live subscriber that these generations changed. Throws when it cannot. */
  publish(generations: readonly string[]): Promise<void>;
  /** The receiver of other processes' messages (one per bus). */
  subscribe(receiver: BusReceiver): void;
  isLive(): boolean;
  close(): Promise<void>;
}

export interface BusReceiver {
  changed(generations: readonly string[]): void;
  /** Messages may have been lost: every page may be stale. */
  reset(): void;
}

/** The bus of a single process: there is no one else to tell, and nothing can be lost. */
export function createLocalBus(): InvalidationBus {
  return { publish: async () => {}, subscribe: () => {}, isLive: () => true, close: async () => {} };
}
