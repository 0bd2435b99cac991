import { z } from '@hono/zod-openapi';
import { utf8 } from '../../crypto/encoding.ts';
import { pageOf, pageQueryShape } from '../../openapi/pagination.ts';
import { isHttpUrl, jsonByteLength, MAX_URL_LENGTH } from '../media-assets/media-url.ts';
import { normalizeResearchQuery } from './normalize.ts';

export const MAX_SOURCES = 50;
export const MAX_SOURCE_BYTES = 8 * 1024;
export const MAX_SOURCES_BYTES = 64 * 1024;

// The normalised form is a btree index key, and an index entry holds at most ~2.7 KB: bounded in
// bytes after normalisation, which can grow the text (NFKC expands some characters 18-fold).
export const MAX_NORMALIZED_QUERY_BYTES = 2000;

const QueryText = z
  .string()
  .trim()
  .min(1)
  .max(2000, { abort: true })
  .refine((query) => utf8(normalizeResearchQuery(query)).length <= MAX_NORMALIZED_QUERY_BYTES, {
    message: `At most ${MAX_NORMALIZED_QUERY_BYTES} bytes as UTF-8 once normalised.`,
  })
  .openapi({ example: 'Best practices for technical SEO in 2026' });

const Source = z
  .object({
    title: z.string().max(500).optional(),
    url: z.string().max(MAX_URL_LENGTH, { abort: true }).refine(isHttpUrl, 'Expected an http(s) URL.').optional(),
    snippet: z.string().max(5000).optional(),
  })
  // Sources come from many providers; extra fields are kept, bounded by size.
  .catchall(z.unknown())
  .refine((source) => jsonByteLength(source) <= MAX_SOURCE_BYTES, `At most ${MAX_SOURCE_BYTES} bytes as UTF-8 JSON.`)
  .openapi('ResearchSource');

const Sources = z
  .array(Source)
  .max(MAX_SOURCES)
  .refine((sources) => jsonByteLength(sources) <= MAX_SOURCES_BYTES, {
    message: `At most ${MAX_SOURCES_BYTES} bytes as UTF-8 JSON.`,
    when: (payload) => payload.issues.length === 0,
  });

export const CreateResearchQueryBody = z
  .strictObject({
    query: QueryText,
    summary: z.string().max(50_000).optional(),
    sources: Sources.optional(),
  })
  .openapi('CreateResearchQueryBody');
export type CreateResearchQueryBody = z.infer<typeof CreateResearchQueryBody>;

export const ListResearchQueriesQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({
      param: { name: 'q', in: 'query' },
      description: 'Case-insensitive substring of the query text',
    }),
  ...pageQueryShape,
});
export type ListResearchQueriesQuery = z.infer<typeof ListResearchQueriesQuery>;

export const LookupResearchQueryQuery = z.object({
  query: QueryText.openapi({
    param: { name: 'query', in: 'query' },
    description: 'Matched after trimming and folding case and whitespace',
  }),
});

export const ResearchQueryResponse = z
  .object({
    id: z.uuid(),
    query: z.string(),
    summary: z.string().nullable(),
    sources: z.array(z.record(z.string(), z.unknown())).nullable(),
    cached: z.boolean().openapi({ description: 'True for a row recorded by a lookup hit' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('ResearchQuery');
export type ResearchQueryResponse = z.infer<typeof ResearchQueryResponse>;

export const ResearchQueryPage = pageOf(ResearchQueryResponse, 'ResearchQueryPage');
