import type { Context, MiddlewareHandler, Next } from 'hono';
import { badRequest, unsupportedMediaType, validationFailed } from '../errors.ts';
import { findUnstorable, isStorableText, STORABLE_TEXT_MESSAGE } from './storable-text.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
export const MAX_JSON_DEPTH = 32;

/** Deepest nesting of arrays and objects in a JSON text, found without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92 /* \ */) index++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) deepest = Math.max(deepest, ++depth);
    else if (char === 125 /* } */ || char === 93 /* ] */) depth--;
  }
  return deepest;
}

/**
 * A body, when there is one, must be well-formed JSON (else 400, or 415 for another media type)
 * nested at most 32 levels, with no string PostgreSQL cannot store, on every route alike (query
 * strings too). Hono caches the text read here, so the route's
 * validator does not read the stream twice.
 */
export const jsonBody = (): MiddlewareHandler => (c, next) => {
  // A URL carries text PostgreSQL cannot store (NUL, a lone surrogate) only percent-encoded, since
  // the URL parser escapes everything else: without a `%` in the query there is nothing to check.
  const url = c.req.url;
  const query = url.indexOf('?');
  if (query !== -1 && url.indexOf('%', query) !== -1) {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (!values.every(isStorableText)) throw unstorable(name);
    }
  }
  // Not an async function: a request without a body (most reads) passes through with no await.
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
  return checkBody(c, next);
};

async function checkBody(c: Context, next: Next): Promise<void> {
  const text = await c.req.text();
  if (text.length === 0) return next();
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType();
  // The depth scan comes first so that JSON.parse never recurses through a hostile nesting.
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
  // Every route stores what it is sent: refuse what PostgreSQL cannot store, naming where it is.
  const badPath = findUnstorable(parsed);
  if (badPath !== undefined) throw unstorable(badPath || 'body');
  await next();
}

const unstorable = (path: string) => validationFailed([{ path, message: STORABLE_TEXT_MESSAGE }]);
