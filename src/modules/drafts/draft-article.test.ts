import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { articleContentOf, articleInputOf } from './draft-article.ts';
import type { DraftRow } from './drafts.repository.ts';

const draft = (overrides: Partial<DraftRow> = {}): DraftRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  userId: '00000000-0000-4000-8000-000000000002',
  title: 'A title',
  config: {},
  metadata: null,
  sections: [],
  ctaContent: null,
  autosave: true,
  version: 1,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe('articleContentOf', () => {
  it('writes each section as a level-2 heading, a blank line and its content, then the call to action', () => {
    const content = articleContentOf(
      [
        { heading: 'Intro', content: 'Hello *world*.' },
        { content: 'No heading here.' },
        { heading: '  Padded  ', content: '- a\n- b' },
      ],
      'Buy now.',
    );
    expect(content).toBe('## Intro\n\nHello *world*.\n\nNo heading here.\n\n## Padded\n\n- a\n- b\n\nBuy now.');
  });

  it('treats a blank heading as none and skips empty sections and a blank call to action', () => {
    expect(articleContentOf([{ heading: '  ', content: 'Body.' }, { content: '' }], '  ')).toBe('Body.');
    expect(articleContentOf([{ heading: 'Only a heading', content: '' }], null)).toBe('## Only a heading');
    expect(articleContentOf([], null)).toBe('');
  });
});

describe('articleInputOf', () => {
  it('takes the title, the status, the slug and the string SEO fields of the metadata', () => {
    const input = articleInputOf(
      draft({
        metadata: { seoTitle: 'SEO', metaDescription: 'Desc', focusKeyphrase: 7, other: 'ignored' },
        sections: [{ content: 'Text' }],
      }),
      { status: 'PUBLISHED', slug: 'my-slug' },
    );
    expect(input).toEqual({
      title: 'A title',
      content: 'Text',
      status: 'PUBLISHED',
      slug: 'my-slug',
      seoTitle: 'SEO',
      metaDescription: 'Desc',
    });
  });

  it('is 422 naming the draft field when the built article breaks the article rules', () => {
    let caught: unknown;
    try {
      articleInputOf(draft({ metadata: { seoTitle: 's'.repeat(301) } }), { status: 'DRAFT' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(422);
    expect((caught as AppError).errors).toEqual([{ path: 'metadata.seoTitle', message: expect.any(String) }]);
  });
});
