import { relations } from 'drizzle-orm';
import { apiKeys } from './api-keys.ts';
import { articles } from './articles.ts';
import { drafts } from './drafts.ts';
import { mediaAssets } from './media-assets.ts';
import { researchQueries } from './research-queries.ts';
import { settings } from './settings.ts';
import { users } from './users.ts';

export const usersRelations = relations(users, ({ many, one }) => ({
  articles: many(articles),
  drafts: many(drafts),
  apiKeys: many(apiKeys),
  settings: one(settings),
  researchQueries: many(researchQueries),
  mediaAssets: many(mediaAssets),
}));

export const articlesRelations = relations(articles, ({ one, many }) => ({
  user: one(users, { fields: [articles.userId], references: [users.id] }),
  mediaAssets: many(mediaAssets),
}));

export const draftsRelations = relations(drafts, ({ one }) => ({
  user: one(users, { fields: [drafts.userId], references: [users.id] }),
}));

export const apiKeysRelations = relations(apiKeys, ({ one }) => ({
  user: one(users, { fields: [apiKeys.userId], references: [users.id] }),
}));

export const mediaAssetsRelations = relations(mediaAssets, ({ one }) => ({
  user: one(users, { fields: [mediaAssets.userId], references: [users.id] }),
  article: one(articles, { fields: [mediaAssets.articleId], references: [articles.id] }),
}));

export const researchQueriesRelations = relations(researchQueries, ({ one }) => ({
  user: one(users, { fields: [researchQueries.userId], references: [users.id] }),
}));

export const settingsRelations = relations(settings, ({ one }) => ({
  user: one(users, { fields: [settings.userId], references: [users.id] }),
}));
