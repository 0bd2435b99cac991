// PostgreSQL refuses NUL in text and jsonb, and an unpaired UTF-16 surrogate cannot be encoded as
// UTF-8: left to the database, either would fail the INSERT as a 500. Refused up front as a 400.
const NUL = '\u0000';
// Without the `u` flag a pattern sees UTF-16 code units, so it can spot a surrogate out of its pair.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const STORABLE_TEXT_MESSAGE = 'Contains a NUL character or an unpaired UTF-16 surrogate.';

export const isStorableText = (text: string): boolean => !text.includes(NUL) && !UNPAIRED_SURROGATE.test(text);

/** The dot-joined path of the first string or key in `value` that cannot be stored, if any. */
export function findUnstorable(value: unknown, path: (string | number)[] = []): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path.join('.');
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, [...path, index]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key].join('.');
      const found = findUnstorable(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
