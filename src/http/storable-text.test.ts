import { describe, expect, it } from 'vitest';
import { findUnstorable, isStorableText } from './storable-text.ts';

describe('isStorableText', () => {
  it('accepts ordinary text, emoji and an escaped-looking backslash sequence', () => {
    expect(isStorableText('Café ☕ 😀')).toBe(true);
    expect(isStorableText('a literal \\u0000 is fine')).toBe(true);
  });

  it('refuses NUL and unpaired surrogates', () => {
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('\ud800')).toBe(false);
    expect(isStorableText('x\udc00y')).toBe(false);
  });
});

describe('findUnstorable', () => {
  it('looks into nested arrays, objects and keys, and names the first bad place', () => {
    expect(findUnstorable({ a: [1, true, null, { b: 'ok' }] })).toBeUndefined();
    expect(findUnstorable({ a: [{ b: 'bad\u0000' }] })).toBe('a.0.b');
    expect(findUnstorable({ 'key\ud800': 1 })).toBe('key\ud800');
    expect(findUnstorable('\u0000')).toBe('');
  });
});
