import { argon2idAsync } from '@noble/hashes/argon2.js';
import { fromBase64, randomBytes, toBase64, utf8 } from './encoding.ts';

/** Argon2id cost: `m` memory in KiB, `t` passes, `p` lanes. */
export interface PasswordHashParams {
  m: number;
  t: number;
  p: number;
}

/** OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane); measured cost in docs/security.md. */
export const PRODUCTION_PASSWORD_HASH_PARAMS: Readonly<PasswordHashParams> = Object.freeze({ m: 19_456, t: 2, p: 1 });

/** Cheap enough for test suites that register many users; never a default outside NODE_ENV=test. */
export const TEST_PASSWORD_HASH_PARAMS: Readonly<PasswordHashParams> = Object.freeze({ m: 64, t: 1, p: 1 });

const SALT_BYTES = 16;
const HASH_BYTES = 32;
// Bounds keep a hostile or mistyped setting (or stored hash) from asking for gigabytes or minutes.
const LIMITS = { m: [8, 262_144], t: [1, 16], p: [1, 4] } as const;

const PARAMS = /^m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})$/;
const PHC = /^\$argon2id\$v=19\$(m=\d{1,7},t=\d{1,3},p=\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

/** Parses `m=19456,t=2,p=1` (the PHC parameter segment); undefined when malformed or out of bounds. */
export function parsePasswordHashParams(text: string): PasswordHashParams | undefined {
  const match = PARAMS.exec(text.trim());
  if (!match) return undefined;
  const params = { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) };
  const inBounds = (Object.keys(LIMITS) as (keyof PasswordHashParams)[]).every(
    (key) => params[key] >= LIMITS[key][0] && params[key] <= LIMITS[key][1],
  );
  return inBounds && params.m >= 8 * params.p ? params : undefined;
}

export const formatPasswordHashParams = (params: PasswordHashParams): string =>
  `m=${params.m},t=${params.t},p=${params.p}`;

const unpadded = (bytes: Uint8Array): string => toBase64(bytes).replace(/=+$/, '');
const padded = (text: string): string => text + '='.repeat((4 - (text.length % 4)) % 4);

/** Thrown for a hash whose request was cancelled (the client left, or it timed out) before it ran. */
export class HashCancelledError extends Error {
  constructor() {
    super('the request was cancelled before its password hash ran');
    this.name = 'HashCancelledError';
  }
}

// NFC so the same password typed on different keyboards/OSes (composed vs decomposed accents) matches.
const derive = (password: string, salt: Uint8Array, params: PasswordHashParams): Promise<Uint8Array> =>
  argon2idAsync(utf8(password.normalize('NFC')), salt, { ...params, dkLen: HASH_BYTES });

/**
 * Hashes a password with argon2id (async, so a hash yields to the event loop) into a self-describing
 * PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`: verification reads its parameters from the string,
 * so raising them later still verifies old hashes (and `needsRehash` tells the login to upgrade them).
 */
export async function hashPassword(
  password: string,
  params: PasswordHashParams = PRODUCTION_PASSWORD_HASH_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `$argon2id$v=19$${formatPasswordHashParams(params)}$${unpadded(salt)}$${unpadded(hash)}`;
}

interface ParsedHash {
  params: PasswordHashParams;
  salt: Uint8Array;
  hash: Uint8Array;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = PHC.exec(stored);
  const params = match?.[1] ? parsePasswordHashParams(match[1]) : undefined;
  if (!match?.[2] || !match[3] || !params) return undefined;
  try {
    return { params, salt: fromBase64(padded(match[2])), hash: fromBase64(padded(match[3])) };
  } catch {
    return undefined;
  }
}

/** Compares in time that depends only on the lengths, never on where the bytes differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index += 1) difference |= (a[index] ?? 0) ^ (b[index % b.length] ?? 0);
  return difference === 0;
}

/**
 * True when `password` matches `stored`; false for a wrong password or a malformed hash.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params);
  return constantTimeEqual(candidate, parsed.hash);
}

/** True when `stored` was made with other parameters than `params` (or cannot be read). */
export function needsRehash(stored: string, params: PasswordHashParams): boolean {
  const parsed = parseHash(stored);
  return !parsed || formatPasswordHashParams(parsed.params) !== formatPasswordHashParams(params);
}

/**
 * At most this many hashes run at once in a process (or isolate); the rest wait their turn. Each
 * holds ~19 MiB while it runs, so without a bound a burst of logins from many addresses is a memory
 * attack. Four keep both cores of this machine busy.
 */
export const MAX_CONCURRENT_HASHES = 4;
// A slot held this long is taken back: on Workers a request cancelled mid-hash never releases it.
const SLOT_LEASE_MS = 10_000;

/** The passwords of the accounts: hashing and checking with the configured cost, a bounded number at once. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `stored`. Throws HashCancelledError only when `signal` aborted
   * before the hash ran: a waiter whose client is gone gives up its turn instead of hashing for nobody.
   */
  verify(password: string, stored: string, signal?: AbortSignal): Promise<boolean>;
  /** True when `stored` was made with other parameters than the configured ones. */
  needsRehash(stored: string): boolean;
  /**
   * A hash of a random password, made once: verifying against it makes a login for an unknown
   * email cost exactly what one for a known email costs.
   */
  dummyHash(): Promise<string>;
  /** Hashes running right now, for tests and metrics. */
  inProgress(): number;
}

export function createPasswordHasher(
  params: PasswordHashParams,
  maxConcurrent = MAX_CONCURRENT_HASHES,
): PasswordHasher {
  const slots = new Set<{ takenAt: number }>();
  // Settled only: on Workers a promise left pending by a request that has ended never settles (the
  // runtime cancels that request's timers), so sharing it would hang every later login.
  let dummy: string | undefined;

  async function withSlot<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      if (signal?.aborted) throw new HashCancelledError();
      const now = Date.now();
      for (const slot of slots) if (now - slot.takenAt > SLOT_LEASE_MS) slots.delete(slot);
      if (slots.size < maxConcurrent) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const slot = { takenAt: Date.now() };
    slots.add(slot);
    try {
      return await work();
    } finally {
      slots.delete(slot);
    }
  }

  const hasher: PasswordHasher = {
    hash: (password) => withSlot(() => hashPassword(password, params)),
    verify: (password, stored, signal) => withSlot(() => verifyPassword(password, stored), signal),
    needsRehash: (stored) => needsRehash(stored, params),
    async dummyHash() {
      dummy ??= await hasher.hash(toBase64(randomBytes(24)));
      return dummy;
    },
    inProgress: () => slots.size,
  };
  return hasher;
}
