/** Keys this short show nothing at all. */
export const MASK_HIDE_ALL_AT_OR_BELOW = 8;
const MAX_VISIBLE = 4;
const ELLIPSIS = '…';

/**
 * A display form of a secret: an ellipsis and at most its last 4 characters, never more than a
 * quarter of it, and none for 8 characters or fewer. No prefix is kept: a prefix such as `sk-` is
 * part of the stored value, and every character shown narrows the search for the rest.
 */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret);
  if (chars.length <= MASK_HIDE_ALL_AT_OR_BELOW) return ELLIPSIS;
  const visible = Math.min(MAX_VISIBLE, Math.floor(chars.length / 4));
  return `${ELLIPSIS}${chars.slice(-visible).join('')}`;
}
