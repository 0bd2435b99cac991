import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  createPasswordHasher,
  HashCancelledError,
  hashPassword,
  MAX_CONCURRENT_HASHES,
  needsRehash,
  PRODUCTION_PASSWORD_HASH_PARAMS,
  parsePasswordHashParams,
  TEST_PASSWORD_HASH_PARAMS,
  verifyPassword,
} from './password.ts';

const cheap = TEST_PASSWORD_HASH_PARAMS;

describe('password hashing', () => {
  it('stores a self-describing argon2id PHC string with a fresh salt', async () => {
    const first = await hashPassword('correct horse battery', cheap);
    const second = await hashPassword('correct horse battery', cheap);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9-password', cheap);
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true);
  });

  it('returns false rather than throwing for malformed or foreign hashes', async () => {
    for (const stored of [
      'unusable',
      '',
      '$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
      '$argon2id$v=19$m=999999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expect(await verifyPassword('whatever-password', stored)).toBe(false);
    }
  });

  it('verifies a hash made with other parameters and flags it for rehashing', async () => {
    const stored = await hashPassword('correct horse battery', { m: 128, t: 2, p: 1 });
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(needsRehash(stored, cheap)).toBe(true);
    expect(needsRehash(stored, { m: 128, t: 2, p: 1 })).toBe(false);
  });

  it('defaults to the production parameters', async () => {
    expect(PRODUCTION_PASSWORD_HASH_PARAMS).toEqual({ m: 19_456, t: 2, p: 1 });
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
  });

  it('makes one dummy hash per hasher that no password matches', async () => {
    const hasher = createPasswordHasher(cheap);
    const dummy = await hasher.dummyHash();
    expect(await hasher.dummyHash()).toBe(dummy);
    expect(needsRehash(dummy, cheap)).toBe(false);
    expect(await verifyPassword('', dummy)).toBe(false);
  });
});

describe('parsePasswordHashParams', () => {
  it('reads the PHC parameter segment within bounds', () => {
    expect(parsePasswordHashParams('m=19456,t=2,p=1')).toEqual({ m: 19_456, t: 2, p: 1 });
    expect(parsePasswordHashParams('m=4,t=1,p=1')).toBeUndefined();
    expect(parsePasswordHashParams('m=19456,t=0,p=1')).toBeUndefined();
    expect(parsePasswordHashParams('t=2,m=19456,p=1')).toBeUndefined();
    expect(parsePasswordHashParams('m=9999999,t=2,p=1')).toBeUndefined();
  });
});

describe('constantTimeEqual', () => {
  it('compares contents and lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([]), new Uint8Array([]))).toBe(true);
  });
});

describe('concurrent hashing', () => {
  it(`runs at most ${MAX_CONCURRENT_HASHES} hashes at once and finishes every one`, async () => {
    const hasher = createPasswordHasher({ m: 2048, t: 2, p: 1 });
    let highest = 0;
    const sampler = setInterval(() => {
      highest = Math.max(highest, hasher.inProgress());
    }, 1);
    const hashes = await Promise.all(Array.from({ length: 12 }, (_, index) => hasher.hash(`password ${index}`)));
    clearInterval(sampler);
    expect(new Set(hashes).size).toBe(12);
    expect(highest).toBeGreaterThan(1);
    expect(highest).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
    expect(hasher.inProgress()).toBe(0);
  });

  it('skips a queued hash whose request was cancelled, and runs the others', async () => {
    const slow = { m: 8192, t: 3, p: 1 };
    const hasher = createPasswordHasher(slow);
    const stored = await hashPassword('queued password', slow);
    const busy = Array.from({ length: MAX_CONCURRENT_HASHES }, () => hasher.verify('queued password', stored));
    const cancelled = new AbortController();
    const queued = hasher.verify('queued password', stored, cancelled.signal);
    const kept = hasher.verify('queued password', stored, new AbortController().signal);
    cancelled.abort();
    await expect(queued).rejects.toBeInstanceOf(HashCancelledError);
    expect(await Promise.all(busy)).toEqual(Array(MAX_CONCURRENT_HASHES).fill(true));
    expect(await kept).toBe(true);
    expect(hasher.inProgress()).toBe(0);
  });
});
