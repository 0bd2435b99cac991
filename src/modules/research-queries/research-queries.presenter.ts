import type { ResearchQueryRow } from './research-queries.repository.ts';
import type { ResearchQueryResponse } from './research-queries.schemas.ts';

export function toResearchQueryResponse(row: ResearchQueryRow): ResearchQueryResponse {
  return {
    id: row.id,
    query: row.query,
    summary: row.summary,
    sources: row.sources,
    cached: row.cached,
    createdAt: row.createdAt.toISOString(),
  };
}
