import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { decodeCursor, toPage } from '../../http/pagination.ts';
import { createMediaAssetsRepository, type MediaAssetChanges, type MediaAssetRow } from './media-assets.repository.ts';
import type {
  CreateMediaAssetBody,
  ListMediaAssetsQuery,
  MediaAssetResponse,
  UpdateMediaAssetBody,
} from './media-assets.schemas.ts';

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

export function createMediaAssetsService(deps: Deps) {
  const { db } = deps.database;
  const repository = createMediaAssetsRepository(db);

  return {
    /** An `articleId` must name one of the user's articles, locked until the asset is written. */
    async create(userId: string, body: CreateMediaAssetBody): Promise<MediaAssetResponse> {
      const row = await db.transaction(async (tx) => {
        const assets = createMediaAssetsRepository(tx);
        if (body.articleId && !(await assets.lockOwnArticle(userId, body.articleId))) throw notFound('article');
        return assets.insert({ ...body, userId });
      });
      return toMediaAssetResponse(row);
    },

    async list(userId: string, query: ListMediaAssetsQuery) {
      const rows = await repository.list(userId, {
        type: query.type,
        articleId: query.articleId,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }), toMediaAssetResponse);
    },

    async get(userId: string, id: string): Promise<MediaAssetResponse> {
      const row = await repository.findById(userId, id);
      if (!row) throw notFound('media asset');
      return toMediaAssetResponse(row);
    },

    /** A changed `articleId` is checked like on create; `null` detaches the asset. */
    async update(userId: string, id: string, body: UpdateMediaAssetBody): Promise<MediaAssetResponse> {
      const changes: MediaAssetChanges = body;
      const row = await db.transaction(async (tx) => {
        const assets = createMediaAssetsRepository(tx);
        const current = await assets.findById(userId, id);
        if (!current) throw notFound('media asset');
        if (body.articleId && !(await assets.lockOwnArticle(userId, body.articleId))) throw notFound('article');
        return assets.update(userId, id, changes);
      });
      if (!row) throw notFound('media asset');
      return toMediaAssetResponse(row);
    },

    async remove(userId: string, id: string): Promise<void> {
      if (!(await repository.remove(userId, id))) throw notFound('media asset');
    },
  };
}
