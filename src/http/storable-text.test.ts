import { describe, expect, it } from 'vitest';
import { isStorableJson, isStorableText } from './storable-text.ts';

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

describe('isStorableJson', () => {
  it('looks into nested arrays, objects and keys', () => {
    expect(isStorableJson({ a: [1, true, null, { b: 'ok' }] })).toBe(true);
    expect(isStorableJson({ a: [{ b: 'bad\u0000' }] })).toBe(false);
    expect(isStorableJson({ 'key\ud800': 1 })).toBe(false);
  });
});
