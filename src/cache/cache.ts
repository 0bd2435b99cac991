/**
 * The cache port: everything that needs Redis (response caches, rate limits, idempotency records,
 * token revocation) goes through this interface. Values are JSON; keys are namespaced and
 * versioned by their callers, e.g. `research:v1:<userId>:<digest>`.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis' | 'upstash';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /**
   * The values of several keys in one round trip (MGET), as stored: UTF-8 text handed over as
   * bytes, so a server can write a cached response to its socket without decoding or re-encoding
   * it. Undefined where a key is absent. Reads values written by `setRaw` or `increment`.
   */
  getRaw(keys: readonly string[]): Promise<Array<Bytes | undefined>>;
  /** Stores UTF-8 text (or its bytes) as it is, without JSON encoding. */
  setRaw(key: string, value: Bytes | string, ttlSeconds: number): Promise<void>;
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

/** Bytes over a plain ArrayBuffer: what a Response body takes. */
export type Bytes = Uint8Array<ArrayBuffer>;

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

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export const encodeText = (value: Bytes | string): Bytes =>
  typeof value === 'string' ? utf8Encoder.encode(value) : value;

export const decodeText = (value: Uint8Array | string): string =>
  typeof value === 'string' ? value : utf8Decoder.decode(value);
