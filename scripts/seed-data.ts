import type { ArticleStatus, MediaType, Provider } from '../drizzle/index.ts';

/** The demo account `npm run db:seed` creates; its password is printed by the script. */
export const DEMO_USER = { email: 'demo@finity.dev', password: 'finity-demo-password', name: 'Demo Writer' };

export interface SeedArticle {
  slug: string;
  title: string;
  status: ArticleStatus;
  daysAgo: number;
  seoTitle?: string;
  metaDescription?: string;
  focusKeyphrase?: string;
  content: string;
}

export const SEED_ARTICLES: SeedArticle[] = [
  {
    slug: 'technical-seo-checklist-2026',
    title: 'The Technical SEO Checklist for 2026',
    status: 'PUBLISHED',
    daysAgo: 21,
    seoTitle: 'Technical SEO Checklist 2026: 12 Checks That Still Matter',
    metaDescription: 'Crawlability, Core Web Vitals, structured data and internal links: a practical checklist.',
    focusKeyphrase: 'technical seo checklist',
    content: `Search engines have changed, but the fundamentals of **technical SEO** have not.

## Crawlability first

- Keep \`robots.txt\` short and test it after every deploy.
- Submit an XML sitemap that lists only canonical, indexable URLs.
- Fix redirect chains: one hop at most.

## Core Web Vitals

Largest Contentful Paint under 2.5 s, Interaction to Next Paint under 200 ms and a layout that does
not shift. Measure with field data, not only with lab tools.

## Structured data

Mark up articles with \`Article\` schema and keep the author and dates accurate.

> Fix what blocks crawling before polishing what ranks.

Read more in the [Search Central documentation](https://developers.google.com/search/docs).`,
  },
  {
    slug: 'writing-with-ai-without-losing-your-voice',
    title: 'Writing With AI Without Losing Your Voice',
    status: 'PUBLISHED',
    daysAgo: 9,
    seoTitle: 'How to Write With AI and Keep Your Own Voice',
    metaDescription: 'A workflow for outlining, drafting and editing with AI models while sounding like yourself.',
    focusKeyphrase: 'writing with ai',
    content: `AI models are fast first-draft machines. Your job is to make the draft *yours*.

## Outline by hand

Write the five points you want the reader to remember before you prompt anything.

## Draft in sections

1. Give the model one section and your notes for it.
2. Ask for two variants, keep the better sentences of each.
3. Read it aloud and cut every sentence you would never say.

## Edit for specifics

Replace generic claims with numbers, names and examples from your own work.`,
  },
  {
    slug: 'cold-brew-coffee-at-home',
    title: 'Cold Brew Coffee at Home: A Practical Guide',
    status: 'DRAFT',
    daysAgo: 3,
    focusKeyphrase: 'cold brew coffee',
    content: `Cold brew is forgiving, cheap and easy to batch.

## Ratio

Start with 1:8 coarse-ground coffee to water by weight and steep for 16 hours in the fridge.

## Filtering

A paper filter gives the cleanest cup; a fine metal mesh keeps more body.`,
  },
  {
    slug: 'content-calendar-template',
    title: 'A Content Calendar Template That Survives Real Life',
    status: 'ARCHIVED',
    daysAgo: 60,
    content: `Most content calendars fail in week three. Plan for fewer posts and keep a buffer of two
finished drafts at all times.

| Week | Topic | Status |
| --- | --- | --- |
| 1 | Technical SEO | published |
| 2 | AI writing | drafting |`,
  },
];

export interface SeedDraft {
  title: string;
  config: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
  sections: { heading?: string; content: string }[];
  ctaContent: string | null;
}

export const SEED_DRAFTS: SeedDraft[] = [
  {
    title: 'Ten Ways to Speed Up a Slow WordPress Site',
    config: {
      topic: 'WordPress performance',
      keywords: ['wordpress speed', 'caching'],
      tone: 'practical',
      length: 1800,
    },
    metadata: {
      seoTitle: '10 Ways to Speed Up WordPress in 2026',
      metaDescription: 'Caching, images, hosting and plugins: ten fixes for a slow WordPress site.',
      focusKeyphrase: 'speed up wordpress',
    },
    sections: [
      { heading: 'Measure before you change anything', content: 'Run PageSpeed Insights on your three busiest pages.' },
      { heading: 'Turn on page caching', content: 'A page cache serves most visitors without touching PHP.' },
      { heading: 'Serve modern image formats', content: 'Convert large JPEGs to **AVIF** or WebP.' },
    ],
    ctaContent: 'Want a free audit? [Get in touch](https://finity.dev/contact).',
  },
  {
    title: 'Interview Notes: Building a Newsletter to 10k Readers',
    config: { topic: 'newsletter growth', tone: 'conversational', provider: 'ANTHROPIC' },
    metadata: null,
    sections: [{ content: 'Raw notes from the interview, to be shaped into sections.' }],
    ctaContent: null,
  },
];

export interface SeedMedia {
  articleSlug?: string;
  type: MediaType;
  provider: Provider;
  prompt: string;
  style?: string;
  aspectRatio?: string;
  url: string;
  metadata?: Record<string, unknown>;
}

export const SEED_MEDIA: SeedMedia[] = [
  {
    articleSlug: 'technical-seo-checklist-2026',
    type: 'IMAGE',
    provider: 'GEMINI',
    prompt: 'Isometric illustration of a website being inspected by a magnifying glass, flat colours',
    style: 'flat illustration',
    aspectRatio: '16:9',
    url: 'https://cdn.finity.dev/demo/technical-seo-cover.png',
    metadata: { width: 1600, height: 900, format: 'png' },
  },
  {
    articleSlug: 'writing-with-ai-without-losing-your-voice',
    type: 'IMAGE',
    provider: 'OPENAI',
    prompt: 'A fountain pen and a laptop side by side on a wooden desk, morning light',
    style: 'photorealistic',
    aspectRatio: '3:2',
    url: 'media/demo/writing-with-ai.jpg',
  },
  {
    type: 'VIDEO',
    provider: 'GEMINI',
    prompt: 'A 15-second vertical teaser for the cold brew guide: pouring coffee over ice, slow motion',
    aspectRatio: '9:16',
    url: 'https://cdn.finity.dev/demo/cold-brew-teaser.mp4',
    metadata: { durationSeconds: 15, format: 'mp4' },
  },
  {
    type: 'AUDIO',
    provider: 'GEMINI',
    prompt: 'Narrate the introduction of the technical SEO checklist in a calm voice',
    url: 'media/demo/technical-seo-intro.mp3',
    metadata: { durationSeconds: 74 },
  },
];

export interface SeedResearch {
  query: string;
  summary: string;
  sources: { title: string; url: string; snippet: string }[];
  cached: boolean;
}

export const SEED_RESEARCH: SeedResearch[] = [
  {
    query: 'Core Web Vitals thresholds 2026',
    summary: 'LCP ≤ 2.5 s, INP ≤ 200 ms and CLS ≤ 0.1 at the 75th percentile of page loads count as good.',
    sources: [
      {
        title: 'Web Vitals',
        url: 'https://web.dev/articles/vitals',
        snippet: 'Core Web Vitals are the subset of Web Vitals that apply to all web pages.',
      },
    ],
    cached: false,
  },
  {
    query: 'cold brew coffee ratio',
    summary: 'Most guides recommend between 1:4 (concentrate) and 1:8 (ready to drink) by weight.',
    sources: [
      {
        title: 'Cold brew basics',
        url: 'https://example.com/cold-brew',
        snippet: 'Steep coarse grounds for 12 to 24 hours.',
      },
    ],
    cached: true,
  },
];

export const SEED_SETTINGS = {
  defaultProvider: 'ANTHROPIC' as Provider,
  focusKeyphrase: 'content marketing',
  preferences: { theme: 'dark', editor: { autosaveSeconds: 15, spellcheck: true }, notifications: { email: true } },
};
