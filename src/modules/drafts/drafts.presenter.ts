import type { DraftRow } from './drafts.repository.ts';
import type { DraftResponse } from './drafts.schemas.ts';

/** The response picks its fields: a column added to the table is not published by accident. */
export function toDraftResponse(row: DraftRow): DraftResponse {
  return {
    id: row.id,
    title: row.title,
    config: row.config,
    metadata: row.metadata ?? null,
    sections: row.sections.map((section) =>
      section.heading === undefined
        ? { content: section.content }
        : { heading: section.heading, content: section.content },
    ),
    ctaContent: row.ctaContent,
    autosave: row.autosave,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
