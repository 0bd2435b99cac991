import type { MediaAssetRow } from './media-assets.repository.ts';
import type { MediaAssetResponse } from './media-assets.schemas.ts';

export function toMediaAssetResponse(row: MediaAssetRow): MediaAssetResponse {
  return {
    id: row.id,
    articleId: row.articleId,
    type: row.type,
    provider: row.provider,
    prompt: row.prompt,
    style: row.style,
    aspectRatio: row.aspectRatio,
    url: row.url,
    metadata: row.metadata,
    createdAt: row.createdAt.toISOString(),
  };
}
