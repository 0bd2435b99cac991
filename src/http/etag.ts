/** Strong ETag of a row version: `"<version>"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version an `If-Match` names: undefined when absent, `'*'` for any, or `null` when it names
 * no version we ever issued (which can only fail the precondition).
 */
export function parseIfMatch(header: string | undefined): number | '*' | null | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^"(\d{1,9})"$/.exec(value);
  return match ? Number(match[1]) : null;
}

/** True when an `If-None-Match` list holds the current ETag (weak comparison, as RFC 9110 asks). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
