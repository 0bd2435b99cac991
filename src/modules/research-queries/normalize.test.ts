import { describe, expect, it } from 'vitest';
import { normalizeResearchQuery } from './normalize.ts';

describe('normalizeResearchQuery', () => {
  it('trims, folds whitespace runs (tabs, newlines, no-break and ideographic spaces) and case', () => {
    expect(normalizeResearchQuery('  Best   SEO\tTools \n for\u00a0 2026\u3000now  ')).toBe(
      'best seo tools for 2026 now',
    );
  });

  it('folds compatibility forms and non-ASCII case fully', () => {
    expect(normalizeResearchQuery('ＡＩ Ｗｒｉｔｉｎｇ')).toBe('ai writing');
    expect(normalizeResearchQuery('ÉCOLE')).toBe('école');
    expect(normalizeResearchQuery('Straße')).toBe(normalizeResearchQuery('STRASSE'));
    expect(normalizeResearchQuery('ΣΟΦΟΣ')).toBe(normalizeResearchQuery('σοφοσ'));
    expect(normalizeResearchQuery('ﬁle')).toBe('file');
  });

  it('treats composed and decomposed accents alike', () => {
    expect(normalizeResearchQuery('Cafe\u0301')).toBe(normalizeResearchQuery('CAFÉ'));
  });

  it('is idempotent', () => {
    for (const query of ['  Mixed   Case\u3000Query ', 'ǰ Straße ΣΟΦΟΣ İstanbul', 'Ｆｕｌｌ　ｗｉｄｔｈ']) {
      const once = normalizeResearchQuery(query);
      expect(normalizeResearchQuery(once)).toBe(once);
    }
  });
});
