import slugify from '@sindresorhus/slugify';

export const SLUG_MAX_LENGTH = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** What a title with no letters or digits (emoji, punctuation only) becomes. */
export const FALLBACK_SLUG = 'article';

const SUFFIX_LENGTH = 6;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const isValidSlug = (slug: string): boolean => slug.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(slug);

/** Cuts at most `max` characters, then drops a trailing partial separator. */
function truncate(slug: string, max: number): string {
  return slug.slice(0, max).replace(/-+$/, '');
}

/** Lowercase ASCII slug of a title, accents transliterated, at most 80 characters. */
export function slugFromTitle(title: string): string {
  const slug = truncate(slugify(title, { decamelize: false }), SLUG_MAX_LENGTH);
  return isValidSlug(slug) ? slug : FALLBACK_SLUG;
}

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SUFFIX_LENGTH));
  return Array.from(bytes, (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

/** `base` with a random suffix, still within 80 characters (the base is shortened to make room). */
export function withSuffix(base: string, suffix: string = randomSuffix()): string {
  const room = SLUG_MAX_LENGTH - suffix.length - 1;
  const head = truncate(base, room);
  return head ? `${head}-${suffix}` : suffix;
}
