/** Strong ETag of a row version: `"<version>"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The row version an `If-Match` asks for, as a service takes it: undefined when there is none or it
 * is `*` (any current version will do), else the version. A tag we never issued asks for version 0,
 * which no row ever has (versions start at 1), so it can only fail the precondition.
 */
export function expectedVersionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const value = ifMatch.trim();
  if (value === '*') return undefined;
  const match = /^"(\d{1,9})"$/.exec(value);
  return match ? Number(match[1]) : 0;
}

/** True when an `If-None-Match` list holds the current ETag (weak comparison, as RFC 9110 asks). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
