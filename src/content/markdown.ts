import MarkdownIt from 'markdown-it';
// Only `FilterXSS` by name: Node's ESM loader sees just the names xss exports directly, not the
// helpers it copies onto its exports in a loop, so the attribute escaping below is our own.
import { FilterXSS, type IWhiteList } from 'xss';

/**
 * Markdown to HTML that is safe to serve, without a DOM (it runs on Workers too). Two layers:
 * markdown-it never passes raw HTML through and refuses links to unsafe schemes, and an
 * allow-list sanitiser re-checks its output so that a renderer bug alone cannot inject markup.
 */

const SAFE_SCHEME = /^(?:https?|mailto):/i;
// Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u009f]/g;

/** http, https, mailto or a URL without a scheme (relative, absolute path, fragment, query). */
export function isSafeUrl(raw: string): boolean {
  const url = raw.replace(IGNORED_IN_SCHEME, '');
  const colon = url.indexOf(':');
  if (colon === -1) return true;
  const firstDelimiter = url.search(/[/?#]/);
  // A colon after the first "/", "?" or "#" belongs to a relative URL's path, not to a scheme.
  if (firstDelimiter !== -1 && firstDelimiter < colon) return true;
  return SAFE_SCHEME.test(url);
}

const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false });
renderer.validateLink = (url) => isSafeUrl(url);

const ALLOWED: IWhiteList = {
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  p: [],
  br: [],
  hr: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'title'],
  code: ['class'],
  pre: [],
  em: [],
  strong: [],
  del: [],
  s: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['style'],
  td: ['style'],
};

const LINK_REL = 'noopener noreferrer nofollow';
const ALIGNMENT = /^text-align:(?:left|right|center)$/;
const LANGUAGE_CLASS = /^language-[A-Za-z0-9_+-]{1,40}$/;

const sanitiser = new FilterXSS({
  whiteList: ALLOWED,
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'noscript'],
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value) {
    // Only the attributes markdown-it itself writes, in the shape it writes them.
    if (name === 'style') return ALIGNMENT.test(value) ? `style="${value}"` : '';
    if (name === 'class') return tag === 'code' && LANGUAGE_CLASS.test(value) ? `class="${value}"` : '';
    if (name === 'rel') return '';
    return undefined;
  },
  safeAttrValue(_tag, name, value) {
    const decoded = decodeEntities(value);
    if ((name === 'href' || name === 'src') && !isSafeUrl(decoded)) return '';
    return escapeAttribute(decoded);
  },
});

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec) % 0x110000))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&quot;/gi, '"')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&amp;/gi, '&');
}

function addLinkRel(html: string): string {
  return html.replace(/<a (?=[^>]*\bhref=)/g, `<a rel="${LINK_REL}" `);
}

/** The allow-list layer alone: HTML with only the tags and attributes a Markdown document needs. */
export function sanitizeHtml(html: string): string {
  return addLinkRel(sanitiser.process(html));
}

/** The sanitised HTML of a Markdown document. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(renderer.render(markdown));
}

// Block boundaries separate words; inline tags (`<em>`, `<a>`) do not: "un<em>real</em>" is one word.
const BLOCK_TAG = /<\/?(?:p|h[1-6]|li|ul|ol|table|thead|tbody|tr|th|td|pre|blockquote|br|hr)\b[^>]*>/g;
const TAG = /<[^>]*>/g;
// The sanitiser writes only these entities; any character would do as long as `&amp;` stays one token.
const ENTITY = /&(?:amp|lt|gt|quot|#39|#x27);/g;

/**
 * Words of the text a reader sees: counted on the rendered HTML (so `#`, `*`, link targets and
 * fences are not words), with tags and entities removed and punctuation-only tokens skipped.
 */
export function wordCount(markdown: string): number {
  return wordCountOfHtml(renderMarkdown(markdown));
}

/** `wordCount` of HTML this module rendered, for callers that already hold it. */
export function wordCountOfHtml(html: string): number {
  const text = html.replace(BLOCK_TAG, ' ').replace(TAG, '').replace(ENTITY, '&');
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}
