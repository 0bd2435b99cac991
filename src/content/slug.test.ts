import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALLBACK_SLUG, isValidSlug, SLUG_MAX_LENGTH, slugFromTitle, withSuffix } from './slug.ts';

describe('slugFromTitle', () => {
  it.each([
    ['How to Write a Blog Post', 'how-to-write-a-blog-post'],
    ['Crème Brûlée à la Française', 'creme-brulee-a-la-francaise'],
    ['Ærøskøbing: Straße über Öl', 'aeroskobing-strasse-ueber-oel'],
    ['Привет, мир', 'privet-mir'],
    ['  --Hello__World--  ', 'hello-world'],
    ['Rock & Roll', 'rock-and-roll'],
    ['iPhone 15 Pro', 'iphone-15-pro'],
  ])('turns %j into %j', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  it('falls back when nothing sluggable is left', () => {
    for (const title of ['!!!', '中文标题', '   ', '—']) expect(slugFromTitle(title)).toBe(FALLBACK_SLUG);
  });

  it('cuts long titles to 80 characters without a trailing hyphen', () => {
    const slug = slugFromTitle(`${'word '.repeat(40)}end`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('always yields a valid slug for any title', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (title) => {
        expect(isValidSlug(slugFromTitle(title))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('withSuffix', () => {
  it('appends a 6-character suffix', () => {
    expect(withSuffix('hello')).toMatch(/^hello-[a-z0-9]{6}$/);
    expect(withSuffix('hello', 'abc123')).toBe('hello-abc123');
  });

  it('stays within 80 characters, shortening the base', () => {
    const suffixed = withSuffix('a'.repeat(80), 'zzzzzz');
    expect(suffixed).toHaveLength(SLUG_MAX_LENGTH);
    expect(suffixed.endsWith('-zzzzzz')).toBe(true);
    expect(withSuffix(`${'a'.repeat(72)}-bbbbbbb`, 'zzzzzz')).toBe(`${'a'.repeat(72)}-zzzzzz`);
  });

  it('yields valid slugs for any valid base', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (title) => {
        expect(isValidSlug(withSuffix(slugFromTitle(title)))).toBe(true);
      }),
    );
  });
});

describe('isValidSlug', () => {
  it.each(['a', 'a-b', 'abc-123', 'x'.repeat(80)])('accepts %j', (slug) => expect(isValidSlug(slug)).toBe(true));
  it.each(['', 'A', 'a--b', '-a', 'a-', 'a_b', 'a b', 'é', 'x'.repeat(81)])('refuses %j', (slug) =>
    expect(isValidSlug(slug)).toBe(false),
  );
});
