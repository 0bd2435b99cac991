import { decodeCursor, type Page, toPage } from '../../db/cursor.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { createMediaAssetsRepository, type MediaAssetChanges, type MediaAssetRow } from './media-assets.repository.ts';
import type { CreateMediaAssetBody, ListMediaAssetsQuery, UpdateMediaAssetBody } from './media-assets.schemas.ts';

export type MediaAssetsService = ReturnType<typeof createMediaAssetsService>;

export function createMediaAssetsService({ db }: { db: Database }) {
  const repository = createMediaAssetsRepository(db);

  return {
    /** An `articleId` must name one of the user's articles, locked until the asset is written. */
    async create(userId: string, body: CreateMediaAssetBody): Promise<MediaAssetRow> {
      const row = await db.transaction(async (tx) => {
        const assets = createMediaAssetsRepository(tx);
        if (body.articleId && !(await assets.lockOwnArticle(userId, body.articleId))) throw notFound('article');
        return assets.insert({ ...body, userId });
      });
      return row;
    },

    async list(userId: string, query: ListMediaAssetsQuery): Promise<Page<MediaAssetRow>> {
      const rows = await repository.list(userId, {
        type: query.type,
        articleId: query.articleId,
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    },

    async get(userId: string, id: string): Promise<MediaAssetRow> {
      const row = await repository.findById(userId, id);
      if (!row) throw notFound('media asset');
      return row;
    },

    /** A changed `articleId` is checked like on create; `null` detaches the asset. */
    async update(userId: string, id: string, body: UpdateMediaAssetBody): Promise<MediaAssetRow> {
      const changes: MediaAssetChanges = body;
      const row = await db.transaction(async (tx) => {
        const assets = createMediaAssetsRepository(tx);
        const current = await assets.findById(userId, id);
        if (!current) throw notFound('media asset');
        if (body.articleId && !(await assets.lockOwnArticle(userId, body.articleId))) throw notFound('article');
        return assets.update(userId, id, changes);
      });
      if (!row) throw notFound('media asset');
      return row;
    },

    async remove(userId: string, id: string): Promise<void> {
      if (!(await repository.remove(userId, id))) throw notFound('media asset');
    },
  };
}
