import type { Cache } from '../../cache/cache.ts';
import { decodeCursor, type Page, toPage } from '../../db/cursor.ts';
import type { Executor } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { normalizeResearchQuery } from './normalize.ts';
import { createResearchCache } from './research-cache.ts';
import { createResearchQueriesRepository, type ResearchQueryRow } from './research-queries.repository.ts';
import type { CreateResearchQueryBody, ListResearchQueriesQuery } from './research-queries.schemas.ts';

export type ResearchQueriesService = ReturnType<typeof createResearchQueriesService>;

export function createResearchQueriesService(deps: { db: Executor; cache: Cache }) {
  const repository = createResearchQueriesRepository(deps.db);
  const cache = createResearchCache(deps.cache);

  return {
    async create(userId: string, body: CreateResearchQueryBody): Promise<ResearchQueryRow> {
      const normalizedQuery = normalizeResearchQuery(body.query);
      const row = await repository.insert({
        userId,
        query: body.query,
        summary: body.summary ?? null,
        sources: body.sources ?? null,
        cached: false,
        normalizedQuery,
      });
      await cache.replace(userId, normalizedQuery, { summary: row.summary, sources: row.sources });
      return row;
    },

    async list(userId: string, query: ListResearchQueriesQuery): Promise<Page<ResearchQueryRow>> {
      const rows = await repository.list(userId, {
        contains: query.q === undefined ? undefined : normalizeResearchQuery(query.q),
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    },

    async get(userId: string, id: string): Promise<ResearchQueryRow> {
      const row = await repository.findById(userId, id);
      if (!row) throw notFound('research query');
      return row;
    },

    /**
     * The latest stored result for the same normalised query, from the cache when warm and from
     * the database when cold; each hit is recorded as a new row with `cached: true`.
     */
    async lookup(userId: string, query: string): Promise<ResearchQueryRow> {
      const normalizedQuery = normalizeResearchQuery(query);
      let result = await cache.get(userId, normalizedQuery);
      if (!result) {
        result = await repository.latestResult(userId, normalizedQuery);
        if (!result) throw notFound('research result for that query');
        await cache.fill(userId, normalizedQuery, result);
      }
      const row = await repository.insert({
        userId,
        query,
        summary: result.summary,
        sources: result.sources,
        cached: true,
        normalizedQuery,
      });
      return row;
    },

    /** Drops the cached result too: the deleted row may have been the latest one. */
    async remove(userId: string, id: string): Promise<void> {
      const normalizedQuery = await repository.remove(userId, id);
      if (normalizedQuery === undefined) throw notFound('research query');
      await cache.forget(userId, normalizedQuery);
    },
  };
}
