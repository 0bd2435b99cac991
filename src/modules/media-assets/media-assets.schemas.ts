import { z } from '@hono/zod-openapi';
import { mediaType, provider } from '../../../drizzle/enums.ts';
import { pageOf, pageQueryShape } from '../../openapi/pagination.ts';
import { isMediaUrl, jsonByteLength, MAX_URL_LENGTH } from './media-url.ts';

export const MAX_METADATA_BYTES = 16 * 1024;

const MediaTypeSchema = z.enum(mediaType.enumValues).openapi('MediaType');
const ProviderSchema = z.enum(provider.enumValues).openapi('Provider');

const Prompt = z.string().trim().min(1).max(10_000);
const Style = z.string().max(200);
const AspectRatio = z.string().max(32).openapi({ example: '16:9' });
const MediaUrl = z
  .string()
  .max(MAX_URL_LENGTH, { abort: true })
  .refine(isMediaUrl, 'Expected an http(s) URL or a relative storage path.')
  .openapi({ example: 'https://cdn.example.com/media/cover.png' });
const Metadata = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonByteLength(value) <= MAX_METADATA_BYTES, `At most ${MAX_METADATA_BYTES} bytes as UTF-8 JSON.`)
  .openapi({ description: 'A JSON object of at most 16 KiB as UTF-8 JSON' });
const ArticleId = z.uuid().openapi({ description: 'One of your own articles' });

export const CreateMediaAssetBody = z
  .strictObject({
    type: MediaTypeSchema,
    provider: ProviderSchema,
    prompt: Prompt,
    style: Style.optional(),
    aspectRatio: AspectRatio.optional(),
    url: MediaUrl.optional(),
    metadata: Metadata.optional(),
    articleId: ArticleId.optional(),
  })
  .openapi('CreateMediaAssetBody');
export type CreateMediaAssetBody = z.infer<typeof CreateMediaAssetBody>;

export const UpdateMediaAssetBody = z
  .strictObject({
    type: MediaTypeSchema.optional(),
    provider: ProviderSchema.optional(),
    prompt: Prompt.optional(),
    style: Style.nullable().optional(),
    aspectRatio: AspectRatio.nullable().optional(),
    url: MediaUrl.nullable().optional(),
    metadata: Metadata.nullable().optional(),
    articleId: ArticleId.nullable().optional().openapi({ description: 'One of your own articles; null detaches' }),
  })
  // Only on an otherwise valid body: `{ unknown: 1 }` is reported as the unknown field alone.
  .refine((body) => Object.keys(body).length > 0, {
    message: 'Give at least one field to change.',
    when: (payload) => payload.issues.length === 0,
  })
  .openapi('UpdateMediaAssetBody');
export type UpdateMediaAssetBody = z.infer<typeof UpdateMediaAssetBody>;

export const ListMediaAssetsQuery = z.object({
  type: MediaTypeSchema.optional().openapi({ param: { name: 'type', in: 'query' } }),
  articleId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'articleId', in: 'query' }, description: 'Only assets attached to this article' }),
  ...pageQueryShape,
});
export type ListMediaAssetsQuery = z.infer<typeof ListMediaAssetsQuery>;

export const MediaAssetResponse = z
  .object({
    id: z.uuid(),
    articleId: z.uuid().nullable(),
    type: MediaTypeSchema,
    provider: ProviderSchema,
    prompt: z.string(),
    style: z.string().nullable(),
    aspectRatio: z.string().nullable(),
    url: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('MediaAsset');
export type MediaAssetResponse = z.infer<typeof MediaAssetResponse>;

export const MediaAssetPage = pageOf(MediaAssetResponse, 'MediaAssetPage');
