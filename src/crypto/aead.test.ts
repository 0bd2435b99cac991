import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { DecryptionError, KeyRing, keyIdOf, NONCE_BYTES, openAesGcm, sealAesGcm } from './aead.ts';
import { fromBase64Url, toBase64, toHex, utf8 } from './encoding.ts';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));

interface Vector {
  source: string;
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
}

/*
 * Published AES-256-GCM vectors, 256-bit key, 96-bit IV, 128-bit tag:
 * - McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13, 14 and 16 (the
 *   vectors NIST's GCM submission and SP 800-38D validation draw on);
 * - Project Wycheproof testvectors/aes_gcm_test.json (C2SP/wycheproof, source version 0.8r12),
 *   group { ivSize: 96, keySize: 256, tagSize: 128 }, tcIds 82, 83, 84, 85, 86 and 89.
 */
const VECTORS: Vector[] = [
  {
    source: 'GCM spec test case 13',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    aad: '',
    msg: '',
    ct: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    source: 'GCM spec test case 14',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    aad: '',
    msg: '00000000000000000000000000000000',
    ct: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    source: 'GCM spec test case 16',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    msg: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
  {
    source: 'Wycheproof tcId 82',
    key: 'b279f57e19c8f53f2f963f5f2519fdb7c1779be2ca2b3ae8e1128b7d6c627fc4',
    iv: '98bc2c7438d5cd7665d76f6e',
    aad: 'c0',
    msg: 'fcc515b294408c8645c9183e3f4ecee5127846d1',
    ct: 'eb5500e3825952866d911253f8de860c00831c81',
    tag: 'ecb660e1fb0541ec41e8d68a64141b3a',
  },
  {
    source: 'Wycheproof tcId 83',
    key: 'cdccfe3f46d782ef47df4e72f0c02d9c7f774def970d23486f11a57f54247f17',
    iv: '376187894605a8d45e30de51',
    aad: '956846a209e087ed',
    msg: 'e28e0e9f9d22463ac0e42639b530f42102fded75',
    ct: 'feca44952447015b5df1f456df8ca4bb4eee2ce2',
    tag: '082e91924deeb77880e1b1c84f9b8d30',
  },
  {
    source: 'Wycheproof tcId 84',
    key: 'f32364b1d339d82e4f132d8f4a0ec1ff7e746517fa07ef1a7f422f4e25a48194',
    iv: '5a86a50a0e8a179c734b996d',
    aad: 'ab2ac7c44c60bdf8228c7884adb20184',
    msg: '43891bccb522b1e72a6b53cf31c074e9d6c2df8e',
    ct: '43dda832e942e286da314daa99bef5071d9d2c78',
    tag: 'c3922583476ced575404ddb85dd8cd44',
  },
  {
    source: 'Wycheproof tcId 85',
    key: 'ff0089ee870a4a39f645b0a5da774f7a5911e9696fc9cad646452c2aa8595a12',
    iv: 'bc2a7757d0ce2d8b1f14ccd9',
    aad: '972ab4e06390caae8f99dd6e2187be6c7ff2c08a24be16ef',
    msg: '748b28031621d95ee61812b4b4f47d04c6fc2ff3',
    ct: 'a929ee7e67c7a2f91bbcec6389a3caf43ab49305',
    tag: 'ebec6774b955e789591c822dab739e12',
  },
  {
    source: 'Wycheproof tcId 86',
    key: '5b1d1035c0b17ee0b0444767f80a25b8c1b741f4b50a4d3052226baa1c6fb701',
    iv: 'd61040a313ed492823cc065b',
    aad: '',
    msg: 'd096803181beef9e008ff85d5ddc38ddacf0f09ee5f7e07f1e4079cb64d0dc8f5e6711cd4921a7887de76e2678fdc67618f1185586bfea9d4c685d50e4bb9a82',
    ct: 'c7d191b601f86c28b6a1bdef6a57b4f6ee3ae417bc125c381cdf1c4dac184ed1d84f1196206d62cad112b038845720e02c061179a8836f02b93fa7008379a6bf',
    tag: 'f15612f6c40f2e0db6dc76fc4822fcfe',
  },
  {
    source: 'Wycheproof tcId 89',
    key: '2ce6b4c15f85fb2da5cc6c269491eef281980309181249ebf2832bd6d0732d0b',
    iv: 'c064fae9173b173fd6f11f34',
    aad: '498d3075b09fed998280583d61bb36b6ce41f130063b80824d1586e143d349b126b16aa10fe57343ed223d6364ee602257fe313a7fc9bf9088f027795b8dc1d3',
    msg: 'f8a27a4baf00dc0555d222f2fa4fb42dc666ea3c',
    ct: 'aed58d8a252f740dba4bf6d36773bd5b41234bba',
    tag: '01f93d7456aa184ebb49bea472b6d65d',
  },
];

/** Wycheproof tcId 94 (same group): "Flipped bit 0 in tag", result invalid. */
const INVALID_TAG = {
  key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  iv: '505152535455565758595a5b',
  ct: 'b2061457c0759fc1749f174ee1ccadfa',
  tag: '9de8fef6d8ab1bf1bf887232eab590dd',
};

const KEY_A = hex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
const KEY_B = hex('ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100');
const AAD = utf8('finity:api-key:v1:user-1:OPENAI');

describe('AES-256-GCM known answers through our wrapper', () => {
  for (const vector of VECTORS) {
    it(`matches ${vector.source}`, () => {
      const sealed = sealAesGcm(hex(vector.key), hex(vector.iv), hex(vector.msg), hex(vector.aad));
      expect(toHex(sealed)).toBe(vector.ct + vector.tag);
      const opened = openAesGcm(hex(vector.key), hex(vector.iv), hex(vector.ct + vector.tag), hex(vector.aad));
      expect(toHex(opened)).toBe(vector.msg);
    });

    it(`matches ${vector.source} in the stored format of the key ring`, () => {
      const ring = new KeyRing([hex(vector.key)], { nonce: () => hex(vector.iv) });
      const stored = ring.encrypt(hex(vector.msg), hex(vector.aad));
      const [version, keyId, nonce, sealed] = stored.split('.');
      expect(version).toBe('v1');
      expect(keyId).toBe(keyIdOf(hex(vector.key)));
      expect(toHex(fromBase64Url(nonce as string))).toBe(vector.iv);
      expect(toHex(fromBase64Url(sealed as string))).toBe(vector.ct + vector.tag);
      expect(toHex(ring.decrypt(stored, hex(vector.aad)))).toBe(vector.msg);
    });
  }

  it('rejects Wycheproof tcId 94 (a flipped tag bit)', () => {
    expect(() =>
      openAesGcm(hex(INVALID_TAG.key), hex(INVALID_TAG.iv), hex(INVALID_TAG.ct + INVALID_TAG.tag), new Uint8Array()),
    ).toThrow(DecryptionError);
  });
});

describe('KeyRing', () => {
  it('round-trips a value, bound to its associated data', () => {
    const ring = new KeyRing([KEY_A]);
    const stored = ring.encrypt(utf8('sk-test-1234567890abcdef'), AAD);
    expect(stored).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(new TextDecoder().decode(ring.decrypt(stored, AAD))).toBe('sk-test-1234567890abcdef');
  });

  it('fails authentication when any bit of the stored value is flipped', () => {
    const ring = new KeyRing([KEY_A]);
    const stored = ring.encrypt(utf8('sk-test-1234567890abcdef'), AAD);
    let attempts = 0;
    for (let index = 0; index < stored.length; index++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped =
          stored.slice(0, index) + String.fromCharCode(stored.charCodeAt(index) ^ (1 << bit)) + stored.slice(index + 1);
        expect(() => ring.decrypt(flipped, AAD), `char ${index} bit ${bit}`).toThrow(DecryptionError);
        attempts++;
      }
    }
    expect(attempts).toBe(stored.length * 8);
  });

  it('fails when the value is moved to another user or provider', () => {
    const ring = new KeyRing([KEY_A]);
    const stored = ring.encrypt(utf8('sk-test-1234567890abcdef'), AAD);
    for (const other of ['finity:api-key:v1:user-2:OPENAI', 'finity:api-key:v1:user-1:GEMINI']) {
      expect(() => ring.decrypt(stored, utf8(other))).toThrow(expect.objectContaining({ reason: 'authentication' }));
    }
  });

  it('uses a different nonce for each of 10,000 encryptions under one key', () => {
    const ring = new KeyRing([KEY_A]);
    const nonces = new Set<string>();
    for (let index = 0; index < 10_000; index++) {
      nonces.add(ring.encrypt(utf8('same plaintext'), AAD).split('.')[2] as string);
    }
    expect(nonces.size).toBe(10_000);
    for (const nonce of [...nonces].slice(0, 10)) expect(fromBase64Url(nonce)).toHaveLength(NONCE_BYTES);
  });

  it('encrypts with the first key and decrypts with any key in the ring', () => {
    const old = new KeyRing([KEY_A]);
    const rotated = new KeyRing([KEY_B, KEY_A]);
    const underA = old.encrypt(utf8('plaintext-value'), AAD);
    const underB = rotated.encrypt(utf8('plaintext-value'), AAD);
    expect(rotated.keyIdOfValue(underA)).toBe(keyIdOf(KEY_A));
    expect(rotated.keyIdOfValue(underB)).toBe(keyIdOf(KEY_B));
    expect(rotated.isCurrent(underA)).toBe(false);
    expect(rotated.isCurrent(underB)).toBe(true);
    expect(underB.startsWith(rotated.currentPrefix)).toBe(true);
    expect(new TextDecoder().decode(rotated.decrypt(underA, AAD))).toBe('plaintext-value');
    expect(() => old.decrypt(underB, AAD)).toThrow(expect.objectContaining({ reason: 'unknown-key' }));
  });

  it('throws errors that carry neither the value nor the plaintext', () => {
    const ring = new KeyRing([KEY_A]);
    const secret = 'sk-very-secret-value-0001';
    const stored = ring.encrypt(utf8(secret), AAD);
    for (const attempt of [() => ring.decrypt(stored, utf8('other')), () => ring.decrypt(`${stored}x`, AAD)]) {
      try {
        attempt();
        expect.unreachable('decryption should fail');
      } catch (error) {
        const text = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
        expect(text).not.toContain(secret);
        expect(text).not.toContain(stored);
        expect(text).not.toContain(stored.split('.')[3] as string);
      }
    }
  });

  it('rejects malformed values without throwing anything but DecryptionError', () => {
    const ring = new KeyRing([KEY_A]);
    for (const bad of ['', 'v1', 'v2.0011223344556677.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA', 'plain-text-key']) {
      expect(() => ring.decrypt(bad, AAD)).toThrow(DecryptionError);
    }
  });

  it('derives different short ids for different keys and refuses wrong key sizes', () => {
    expect(keyIdOf(KEY_A)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(KEY_A)).not.toBe(keyIdOf(KEY_B));
    expect(() => new KeyRing([])).toThrow();
    expect(() => new KeyRing([new Uint8Array(16)])).toThrow();
  });
});

describe('ENCRYPTION_KEY in the configuration', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) };
  const keyA = toBase64(KEY_A);
  const keyB = toBase64(KEY_B);

  it('accepts one key or a comma-separated list, first key first', () => {
    expect(loadConfig({ ...base, ENCRYPTION_KEY: keyA }).encryptionKeys).toEqual([KEY_A]);
    const listed = loadConfig({ ...base, ENCRYPTION_KEY: `${keyB}, ${keyA}` }).encryptionKeys;
    expect(listed.map(toHex)).toEqual([toHex(KEY_B), toHex(KEY_A)]);
  });

  const bad = {
    'a key of the wrong length': toBase64(new Uint8Array(16).fill(7)),
    'bad base64': 'this is not base64!!',
    'a bad second entry': `${keyA},${toBase64(new Uint8Array(31).fill(9))}`,
  };
  for (const [name, value] of Object.entries(bad)) {
    it(`stops the start on ${name}, naming ENCRYPTION_KEY without echoing the value`, () => {
      let thrown: unknown;
      try {
        loadConfig({ ...base, ENCRYPTION_KEY: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const message = (thrown as ConfigError).message;
      expect(message).toContain('ENCRYPTION_KEY');
      for (const part of value.split(',')) expect(message).not.toContain(part.trim());
    });
  }
});
