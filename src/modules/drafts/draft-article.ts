import type { ArticleStatus } from '../../../drizzle/index.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { CreateArticleBody } from '../articles/articles.schemas.ts';
import type { NewArticle } from '../articles/articles.service.ts';
import type { DraftRow } from './drafts.repository.ts';

type Section = DraftRow['sections'][number];

/** The article's Markdown: each section as `## heading` then its content, then the call to action. */
export function articleContentOf(sections: readonly Section[], ctaContent: string | null): string {
  const parts = sections.map((section) => {
    const heading = section.heading?.trim();
    if (!heading) return section.content;
    return section.content.trim() ? `## ${heading}\n\n${section.content}` : `## ${heading}`;
  });
  if (ctaContent?.trim()) parts.push(ctaContent);
  return parts.filter((part) => part.trim() !== '').join('\n\n');
}

const SEO_FIELDS = ['seoTitle', 'metaDescription', 'focusKeyphrase'] as const;

// Where a field of the built article came from, so a failure names what the client can fix.
const SOURCE_OF: Record<string, string> = {
  title: 'title',
  content: 'sections',
  seoTitle: 'metadata.seoTitle',
  metaDescription: 'metadata.metaDescription',
  focusKeyphrase: 'metadata.focusKeyphrase',
};

export interface PublishOptions {
  status: ArticleStatus;
  slug?: string | undefined;
}

/**
 * The article a draft publishes as, held to the same rules as `POST /v1/articles`: a draft that
 * breaks them (say, metadata.seoTitle too long) is 422 naming the draft's field.
 */
export function articleInputOf(draft: DraftRow, options: PublishOptions): NewArticle {
  const input: NewArticle = {
    title: draft.title,
    content: articleContentOf(draft.sections, draft.ctaContent),
    status: options.status,
  };
  if (options.slug !== undefined) input.slug = options.slug;
  for (const field of SEO_FIELDS) {
    const value = draft.metadata?.[field];
    if (typeof value === 'string') input[field] = value;
  }
  const checked = CreateArticleBody.safeParse(input);
  if (!checked.success) {
    const errors: FieldError[] = checked.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      return { path: SOURCE_OF[field] ?? field, message: issue.message };
    });
    throw new AppError(
      422,
      'draft-not-publishable',
      'Draft cannot be published',
      'The article built from this draft is not valid; `errors` names the draft fields to change.',
      errors,
    );
  }
  return input;
}
