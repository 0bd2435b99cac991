import { describe, expect, it } from 'vitest';
import { maskSecret } from './mask.ts';

describe('maskSecret', () => {
  it('shows only the last 4 characters of a typical provider key', () => {
    expect(maskSecret('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789wxyz')).toBe('…wxyz');
    expect(maskSecret('AIzaSyA-1234567890abcdefghijklmnopqrs')).toBe('…pqrs');
  });

  it('shows nothing for 8 characters or fewer', () => {
    for (const secret of ['', 'a', '12345678', 'sk-abcde']) expect(maskSecret(secret)).toBe('…');
  });

  it('never shows more than a quarter of a short key', () => {
    expect(maskSecret('123456789')).toBe('…89');
    expect(maskSecret('123456789012')).toBe('…012');
    expect(maskSecret('1234567890123456')).toBe('…3456');
  });

  it('never shows more than 4 characters', () => {
    for (let length = 0; length <= 600; length++) {
      const secret = 'k'.repeat(length);
      const visible = maskSecret(secret).replace('…', '');
      expect(visible.length).toBeLessThanOrEqual(Math.min(4, Math.floor(length / 4)));
      if (length <= 8) expect(visible).toBe('');
    }
  });
});
