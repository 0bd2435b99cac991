import { describe, expect, it } from 'vitest';
import { isHttpUrl, isMediaUrl, isStoragePath, jsonByteLength } from './media-url.ts';

describe('isMediaUrl', () => {
  it.each([
    'https://cdn.example.com/media/cover.png',
    'http://cdn.example.com/a.mp4?size=large#t=3',
    'HTTPS://CDN.EXAMPLE.COM/A.PNG',
    'media/2026/01/cover.png',
    '/uploads/user-1/audio_track.mp3',
    'bucket/key%20with%20spaces.png',
  ])('accepts %s', (value) => {
    expect(isMediaUrl(value)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example.com/x.png',
    '///evil.example.com/x.png',
    '\\\\evil.example.com\\x.png',
    'https:\\\\evil.example.com',
    'https://user:pass@cdn.example.com/a.png',
    'https://',
    'media/../../etc/passwd',
    './cover.png',
    'media//cover.png',
    'media/cover.png\n',
    '',
    `https://cdn.example.com/${'a'.repeat(2100)}`,
  ])('rejects %j', (value) => {
    expect(isMediaUrl(value)).toBe(false);
  });

  it('tells the two accepted forms apart', () => {
    expect(isHttpUrl('media/a.png')).toBe(false);
    expect(isStoragePath('https://cdn.example.com/a.png')).toBe(false);
  });
});

describe('jsonByteLength', () => {
  it('counts UTF-8 bytes of the JSON text, not characters', () => {
    expect(jsonByteLength({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
  });
});
