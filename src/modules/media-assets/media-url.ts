export const MAX_URL_LENGTH = 2048;

// Characters a browser or proxy may strip or reinterpret (controls, whitespace, backslashes):
// `java\tscript:` and `https:\\evil` must not slip past the scheme check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\\]/;
const HTTP_PREFIX = /^https?:\/\/[^/]/i;
// A storage path: segments of unreserved characters, at most one leading slash (no `//host`),
// no scheme (no colon) and no `.`/`..` segments.
const STORAGE_PATH = /^\/?[A-Za-z0-9._~+%-]+(?:\/[A-Za-z0-9._~+%@=-]+)*$/;

/** An absolute http(s) URL with a host and no credentials. */
export function isHttpUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || UNSAFE_CHARACTERS.test(value) || !HTTP_PREFIX.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '';
  } catch {
    return false;
  }
}

/** A relative path inside the media storage, such as `media/2026/01/cover.png`. */
export function isStoragePath(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || !STORAGE_PATH.test(value)) return false;
  return value.split('/').every((segment) => segment !== '.' && segment !== '..');
}

/** Where a media asset may point: a CDN URL over http(s) or a storage path, never a script. */
export const isMediaUrl = (value: string): boolean => isHttpUrl(value) || isStoragePath(value);

/** Size of a value as UTF-8 JSON, the measure of the byte limits on JSON fields. */
export const jsonByteLength = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;
