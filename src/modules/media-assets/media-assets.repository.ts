import { and, desc, eq, type SQL } from 'drizzle-orm';
import { articles, mediaAssets } from '../../../drizzle/index.ts';
import { after, type Cursor } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';

export type MediaAssetRow = typeof mediaAssets.$inferSelect;
export type NewMediaAsset = Omit<typeof mediaAssets.$inferInsert, 'id' | 'createdAt'>;
export type MediaAssetChanges = Partial<Omit<NewMediaAsset, 'userId'>>;

export interface MediaAssetFilter {
  type?: MediaAssetRow['type'];
  articleId?: string;
  cursor?: Cursor;
  limit: number;
}

export function createMediaAssetsRepository(db: Executor) {
  return {
    /**
     * True when the article exists and is the user's. Inside a transaction the row is locked
     * against deletion (KEY SHARE, as the foreign key check would) until the caller commits.
     */
    async lockOwnArticle(userId: string, articleId: string): Promise<boolean> {
      const rows = await db
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.id, articleId), eq(articles.userId, userId)))
        .for('key share');
      return rows.length > 0;
    },

    async insert(values: NewMediaAsset): Promise<MediaAssetRow> {
      const [row] = await db.insert(mediaAssets).values(values).returning();
      if (!row) throw new Error('media asset insert returned nothing');
      return row;
    },

    async findById(userId: string, id: string): Promise<MediaAssetRow | undefined> {
      const [row] = await db
        .select()
        .from(mediaAssets)
        .where(and(eq(mediaAssets.id, id), eq(mediaAssets.userId, userId)));
      return row;
    },

    /**
     * Newest first. Each filter combination has an index led by `user_id`: (type), (article_id),
     * or neither; with both filters the article's few assets are walked and filtered by type.
     */
    list(userId: string, filter: MediaAssetFilter): Promise<MediaAssetRow[]> {
      const conditions: (SQL | undefined)[] = [
        eq(mediaAssets.userId, userId),
        filter.type ? eq(mediaAssets.type, filter.type) : undefined,
        filter.articleId ? eq(mediaAssets.articleId, filter.articleId) : undefined,
        after(mediaAssets.createdAt, mediaAssets.id, filter.cursor),
      ];
      return db
        .select()
        .from(mediaAssets)
        .where(and(...conditions))
        .orderBy(desc(mediaAssets.createdAt), desc(mediaAssets.id))
        .limit(filter.limit + 1);
    },

    async update(userId: string, id: string, changes: MediaAssetChanges): Promise<MediaAssetRow | undefined> {
      const [row] = await db
        .update(mediaAssets)
        .set(changes)
        .where(and(eq(mediaAssets.id, id), eq(mediaAssets.userId, userId)))
        .returning();
      return row;
    },

    async remove(userId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(mediaAssets)
        .where(and(eq(mediaAssets.id, id), eq(mediaAssets.userId, userId)))
        .returning({ id: mediaAssets.id });
      return rows.length > 0;
    },
  };
}
