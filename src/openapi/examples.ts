/**
 * One example per named schema of the document, added where the schema has none of its own. The
 * contract tests validate each against its schema, so an example cannot drift from the code.
 */
const USER_ID = '5a0c1f2e-8b7d-4c3a-9e21-6f4d3b2a1c0e';
const ARTICLE_ID = '0b5c8f7e-3a51-4f5e-9f0a-2f1f4c7d9a10';
const DRAFT_ID = '7e2d9c41-5b8a-4f36-a1d0-3c9e8b7f6a52';
const CREATED = '2026-01-15T10:00:00.000Z';
const UPDATED = '2026-01-16T08:30:00.000Z';
const CURSOR = 'eyJhdCI6IjIwMjYtMDEtMTVUMTA6MDA6MDAuMDAwWiJ9';

const user = {
  id: USER_ID,
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  emailVerified: true,
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const seo = {
  seoTitle: 'Brewing coffee at home: ten ways',
  metaDescription: 'Ten ways to brew coffee at home, from French press to espresso.',
};
const articleSummary = {
  id: ARTICLE_ID,
  title: 'Ten ways to brew coffee',
  slug: 'ten-ways-to-brew-coffee',
  status: 'PUBLISHED',
  ...seo,
  focusKeyphrase: 'brew coffee',
  wordCount: 1240,
  publishedAt: UPDATED,
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const article = {
  ...articleSummary,
  content: '## French press\n\nCoarse grind, four minutes.',
  htmlContent: '<h2>French press</h2>\n<p>Coarse grind, four minutes.</p>\n',
};
const publicSummary = {
  id: ARTICLE_ID,
  title: article.title,
  slug: article.slug,
  ...seo,
  wordCount: article.wordCount,
  publishedAt: UPDATED,
};
const section = { heading: 'French press', content: 'Coarse grind, four minutes.' };
const draft = {
  id: DRAFT_ID,
  title: 'Ten ways to brew coffee',
  config: { tone: 'friendly', provider: 'GEMINI' },
  metadata: { seoTitle: seo.seoTitle, focusKeyphrase: 'brew coffee' },
  sections: [section],
  ctaContent: 'Subscribe for more.',
  autosave: true,
  version: 3,
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const apiKey = {
  id: '3f6b2d8e-1a4c-4e9b-8d7f-2c5a9e0b1d34',
  provider: 'OPENAI',
  isActive: true,
  isReadable: true,
  maskedKey: '…x7Qa',
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const mediaAsset = {
  id: '9c8b7a65-4d3e-4f21-8a0b-1c2d3e4f5a6b',
  articleId: ARTICLE_ID,
  type: 'IMAGE',
  provider: 'OPENAI',
  prompt: 'A French press on a wooden table, morning light',
  style: 'photographic',
  aspectRatio: '16:9',
  url: 'https://cdn.example.com/media/french-press.png',
  metadata: { width: 1792, height: 1024 },
  createdAt: CREATED,
};
const source = {
  title: 'Coffee brewing methods',
  url: 'https://example.com/brewing',
  snippet: 'Immersion and percolation…',
};
const researchQuery = {
  id: '2b4d6f80-1a3c-4e5f-9b7d-8c6a4e2f0d13',
  query: 'best coffee brewing methods',
  summary: 'Immersion (French press) and pour-over are the most forgiving at home.',
  sources: [source],
  cached: false,
  createdAt: CREATED,
};

export const SCHEMA_EXAMPLES: Record<string, unknown> = {
  Problem: {
    type: 'https://finity.dev/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: 'No article with that identifier.',
  },
  FieldError: { path: 'sections.0.content', message: 'Required' },
  Health: { status: 'ok' },
  Readiness: { status: 'ok', checks: { database: 'ok', cache: 'ok' } },
  Article: article,
  ArticleStatus: 'PUBLISHED',
  ArticleSummary: articleSummary,
  ArticlePage: { data: [articleSummary], nextCursor: CURSOR },
  CreateArticleBody: { title: article.title, content: article.content, ...seo, focusKeyphrase: 'brew coffee' },
  UpdateArticleBody: { title: 'Eleven ways to brew coffee', status: 'PUBLISHED' },
  PublicArticleSummary: publicSummary,
  PublicArticlePage: { data: [publicSummary], nextCursor: null },
  PublicArticle: {
    ...publicSummary,
    focusKeyphrase: 'brew coffee',
    htmlContent: article.htmlContent,
    author: { name: 'Ada Lovelace' },
  },
  User: user,
  UserEnvelope: { user },
  RegisterBody: { email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada Lovelace' },
  VerifyEmailBody: { token: 'kq3VbX9yZ2mN8pR4tW6uA1cE5gJ7hL0o' },
  ResendVerificationBody: { email: 'ada@example.com' },
  LoginBody: { email: 'ada@example.com', password: 'correct horse battery staple' },
  LoginResponse: {
    accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1YTBjIn0.c2lnbmF0dXJl',
    tokenType: 'Bearer',
    expiresIn: 3600,
    user,
  },
  ChangePasswordBody: { currentPassword: 'correct horse battery staple', newPassword: 'a longer passphrase of mine' },
  UpdateMeBody: { name: 'Ada King' },
  DeleteMeBody: { password: 'correct horse battery staple' },
  Settings: {
    defaultProvider: 'GEMINI',
    focusKeyphrase: 'brew coffee',
    preferences: { theme: 'dark' },
    createdAt: CREATED,
    updatedAt: UPDATED,
  },
  UpdateSettingsBody: { defaultProvider: 'ANTHROPIC', preferences: { theme: 'dark' } },
  ApiKey: apiKey,
  Provider: 'OPENAI',
  ApiKeyList: { data: [apiKey] },
  PutApiKeyBody: { key: 'sk-proj-0123456789abcdefx7Qa', isActive: true },
  UpdateApiKeyBody: { isActive: false },
  MediaAsset: mediaAsset,
  MediaType: 'IMAGE',
  MediaAssetPage: { data: [mediaAsset], nextCursor: null },
  CreateMediaAssetBody: {
    type: 'IMAGE',
    provider: 'OPENAI',
    prompt: mediaAsset.prompt,
    style: 'photographic',
    aspectRatio: '16:9',
    articleId: ARTICLE_ID,
  },
  UpdateMediaAssetBody: { url: mediaAsset.url },
  ResearchSource: source,
  ResearchQuery: researchQuery,
  ResearchQueryPage: { data: [researchQuery], nextCursor: null },
  CreateResearchQueryBody: { query: researchQuery.query, summary: researchQuery.summary, sources: [source] },
  Draft: draft,
  DraftSection: section,
  DraftPage: { data: [draft], nextCursor: CURSOR },
  CreateDraftBody: { title: draft.title, config: draft.config, sections: [section], metadata: draft.metadata },
  UpdateDraftBody: { sections: [section, { content: 'Pour-over: medium grind.' }] },
  PublishDraftBody: { slug: 'ten-ways-to-brew-coffee', keepDraft: false },
};
