/**
 * The one definition of "the same research query": compatibility-normalised (NFKC), case-folded,
 * trimmed, with runs of whitespace folded to one space. It is stored in
 * `research_queries.normalized_query` and hashed into the cache key, so both always agree.
 *
 * Upper- then lower-casing gives full case folding where `toLowerCase` alone does not
 * (`ß` and `SS`); final sigma is folded by hand because `toLowerCase` keeps it context-dependent.
 */
export function normalizeResearchQuery(query: string): string {
  return query
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .normalize('NFKC')
    .trim()
    .replace(/\s+/gu, ' ');
}
