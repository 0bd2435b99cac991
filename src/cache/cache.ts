/**
 * The cache port: everything that needs Redis (response caches, rate limits, idempotency records,
 * token revocation) goes through this interface. Values are JSON; keys are namespaced and
 * versioned by their callers, e.g. `research:v1:<userId>:<digest>`.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis' | 'upstash';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Stores only when the key is absent; true when this call stored it (a lock or first write). */
  setIfAbsent(key: string, value: unknown, ttlSeconds: number): Promise<boolean>;
  delete(...keys: string[]): Promise<void>;
  /**
   * Atomically adds one to a counter, starting its window on the first hit.
   * Returns the count after this hit and the milliseconds left in the window.
   */
  increment(key: string, windowSeconds: number): Promise<CounterState>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CounterState {
  count: number;
  resetMs: number;
}

/** One round trip on Redis: INCR, start the window on the first hit, read what is left of it. */
export const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export function parseCounterReply(reply: unknown): CounterState {
  if (!Array.isArray(reply) || reply.length !== 2) throw new Error('unexpected INCR reply');
  return { count: Number(reply[0]), resetMs: Number(reply[1]) };
}

export function decodeValue<T>(raw: string | null | undefined): T | undefined {
  return raw === null || raw === undefined ? undefined : (JSON.parse(raw) as T);
}
