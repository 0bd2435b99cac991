import { z } from '@hono/zod-openapi';
import { utf8 } from '../../crypto/encoding.ts';
import { pageOf, pageQueryShape } from '../../openapi/pagination.ts';
import { ArticleStatusSchema, SlugSchema } from '../articles/articles.schemas.ts';

/**
 * Bounds of a draft, named in the OpenAPI document; the 1 MiB body limit caps the whole request, and
 * the body check of every route (src/http/json-body.ts) refuses text PostgreSQL cannot store.
 */
export const DRAFT_LIMITS = {
  titleChars: 300,
  sections: 200,
  headingChars: 300,
  contentChars: 1_048_576,
  ctaChars: 65_536,
  jsonObjectBytes: 65_536,
} as const;

const isSmallJson = (value: unknown) => utf8(JSON.stringify(value)).length <= DRAFT_LIMITS.jsonObjectBytes;

const JsonObject = (name: string, description: string) =>
  z
    .record(z.string(), z.unknown())
    .refine(isSmallJson, { message: `At most ${DRAFT_LIMITS.jsonObjectBytes} bytes as UTF-8 JSON.` })
    .openapi(name, { description, example: {} });

const Title = z
  .string()
  .trim()
  .min(1)
  .max(DRAFT_LIMITS.titleChars)
  .openapi({ description: `1..${DRAFT_LIMITS.titleChars} characters`, example: 'Ten ways to brew coffee' });

export const DraftSection = z
  .strictObject({
    heading: z
      .string()
      .max(DRAFT_LIMITS.headingChars)
      .regex(/^[^\r\n]*$/, 'A heading is one line.')
      .optional()
      .openapi({
        description: `One line, at most ${DRAFT_LIMITS.headingChars} characters; published as \`## heading\``,
      }),
    content: z
      .string()
      .max(DRAFT_LIMITS.contentChars)
      .openapi({ description: 'Markdown', example: 'Start with fresh beans.' }),
  })
  .openapi('DraftSection');

const Sections = z
  .array(DraftSection)
  .max(DRAFT_LIMITS.sections)
  .openapi({ description: `At most ${DRAFT_LIMITS.sections} sections` });

const Config = JsonObject('DraftConfig', `Generation settings; a JSON object of at most 64 KiB`);
const Metadata = JsonObject(
  'DraftMetadata',
  'A JSON object of at most 64 KiB; string `seoTitle`, `metaDescription` and `focusKeyphrase` carry over on publish',
);
const CtaContent = z
  .string()
  .max(DRAFT_LIMITS.ctaChars)
  .openapi({
    description: `Markdown appended after the sections on publish; at most ${DRAFT_LIMITS.ctaChars} characters`,
  });

export const CreateDraftBody = z
  .strictObject({
    title: Title,
    config: Config,
    sections: Sections,
    metadata: Metadata.nullable().optional(),
    ctaContent: CtaContent.nullable().optional(),
    autosave: z.boolean().optional().openapi({ description: 'Defaults to true' }),
  })
  .openapi('CreateDraftBody');
export type CreateDraftBody = z.infer<typeof CreateDraftBody>;

export const UpdateDraftBody = z
  .strictObject({
    title: Title.optional(),
    config: Config.optional(),
    sections: Sections.optional(),
    metadata: Metadata.nullable().optional(),
    ctaContent: CtaContent.nullable().optional(),
    autosave: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change.' })
  .openapi('UpdateDraftBody');
export type UpdateDraftBody = z.infer<typeof UpdateDraftBody>;

export const DraftResponse = z
  .object({
    id: z.uuid(),
    title: z.string(),
    config: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    sections: z.array(z.object({ heading: z.string().optional(), content: z.string() })),
    ctaContent: z.string().nullable(),
    autosave: z.boolean(),
    version: z.number().int().openapi({ description: 'Incremented on every write; the ETag is `"<version>"`' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Draft');
export type DraftResponse = z.infer<typeof DraftResponse>;

export const DraftPage = pageOf(DraftResponse, 'DraftPage');

export const ListDraftsQuery = z.object(pageQueryShape);

export const PublishDraftBody = z
  .strictObject({
    status: ArticleStatusSchema.optional().openapi({
      description: 'Status of the new article; defaults to PUBLISHED (send DRAFT to keep it unpublished)',
    }),
    slug: SlugSchema.optional().openapi({ description: 'Generated from the title when absent; 409 when taken' }),
    keepDraft: z.boolean().optional().openapi({ description: 'Keep the draft after publishing; defaults to false' }),
  })
  .openapi('PublishDraftBody');
export type PublishDraftBody = z.infer<typeof PublishDraftBody>;
