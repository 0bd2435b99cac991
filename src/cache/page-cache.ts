import { randomBytes, toBase64Url } from '../crypto/encoding.ts';
import type { Logger } from '../logger.ts';
import { type Bytes, type Cache, decodeText, encodeText } from './cache.ts';

/**
 * Response bodies cached under a generation. Each page is stored under the generation read before
 * its data was fetched; every write that can change a page replaces the generation after it commits
 * and before it answers. A page counts only while its generation is the current one, so a reader
 * that fetched old data before a write but stores it after the bump stores it under a generation
 * nobody reads any more: no reader sees the old body once the write returned.
 *
 * Pages reached by a cursor are stored only when the cursor was issued here (an `issued` marker is
 * stored for each page's next cursor): a client minting its own cursors is answered from the
 * database and cannot fill the cache with pages nobody else asks for.
 *
 * Two stores keep these rules: the shared one below, in the cache (Redis), which every process
 * reads; and the local one (local-pages.ts), in each process's memory, told of other processes'
 * writes by an invalidation bus, which costs a read no round trip at all.
 */
export interface PageStore {
  /** The page (if current) and the lookup to store a fresh one with. Throws on a cache failure. */
  read(keys: PageKeys): Promise<PageLookup>;
  /** Stores a page fetched after `lookup`, and marks the cursor of the next page as issued. Throws on a cache failure. */
  store(lookup: PageLookup, page: StoredPage): Promise<void>;
  /**
   * Replaces `generations`, so every page stored under them stops counting, and drops `pages`
   * outright. Call it after the write committed and before answering it. Throws on a cache failure.
   */
  invalidate(generations: readonly string[], pages?: readonly string[]): Promise<void>;
  /** Closes what the store holds open of its own (not the cache it was given). */
  close(): Promise<void>;
}

export interface StoredPage {
  keys: PageKeys;
  /** Absent when the lookup said the store keeps no body now: the next cursor is still issued. */
  body?: Bytes;
  ttlSeconds: number;
  /** The marker of the next page's cursor. */
  issuedNext?: string;
}

/*
 * The shared store: each cached value is `<generation>\n<body>`. A generation is a fresh random
 * token, never a counter: a counter whose key expired would start again at a number a live page was
 * stored under, and make that page current again. The generation and the value are read in one
 * MGET, as bytes, and a hit is sent as the bytes that came from the cache.
 */

const NEWLINE = 10;
// A cursor stays cacheable this long after it was issued (a reader paging slowly through a list).
export const ISSUED_CURSOR_TTL_SECONDS = 60 * 60;
// Renewed by every bump; far longer than a page lives. A missing generation reads as ABSENT.
const GENERATION_TTL_SECONDS = 7 * 24 * 60 * 60;
const ABSENT = '0';

export interface PageKeys {
  generation: string;
  page: string;
  /** The marker of the page's cursor; absent for a first page, which is always cacheable. */
  issued?: string;
}

export interface PageLookup {
  /** Undefined when the cache could not be read: nothing may be stored then. */
  generation?: string;
  /** The cached body. */
  body?: Bytes;
  /** Whether a body fetched now may be stored, and the cursor of the page after it issued. */
  isCacheable: boolean;
  /** False when the store would not keep a body fetched now anyway (see local-pages.ts): encode none for it. */
  keepsBody?: boolean;
}

/** Whether a body fetched after `lookup` would be kept: if not, encode none for the store. */
export const keepsBody = (lookup: PageLookup) => lookup.isCacheable && lookup.keepsBody !== false;

/** The body of `value` if it was stored under `generation`; anything else is a miss. */
export function bodyUnderGeneration(value: Bytes | undefined, generation: string): Bytes | undefined {
  if (!value) return undefined;
  const newline = value.indexOf(NEWLINE);
  if (newline <= 0 || decodeText(value.subarray(0, newline)) !== generation) return undefined;
  return value.subarray(newline + 1);
}

export function withGeneration(generation: string, body: Bytes): Bytes {
  const header = encodeText(`${generation}\n`);
  const value = new Uint8Array(header.byteLength + body.byteLength);
  value.set(header);
  value.set(body, header.byteLength);
  return value;
}

/** Reads the generation, the page and (for a cursor) whether it was issued, in one round trip. Throws on a cache failure. */
export async function readPage(cache: Cache, keys: PageKeys): Promise<PageLookup> {
  const names = keys.issued ? [keys.generation, keys.page, keys.issued] : [keys.generation, keys.page];
  const [storedGeneration, storedPage, issued] = await cache.getRaw(names);
  const generation = storedGeneration ? decodeText(storedGeneration) : ABSENT;
  const body = bodyUnderGeneration(storedPage, generation);
  if (body) return { generation, body, isCacheable: true };
  return { generation, isCacheable: keys.issued === undefined || issued !== undefined };
}

/** Stores a body fetched after `lookup`, and marks the cursor of the next page as issued. Throws on a cache failure. */
export async function storePage(cache: Cache, lookup: PageLookup, page: StoredPage): Promise<void> {
  if (lookup.generation === undefined || !lookup.isCacheable) return;
  await Promise.all([
    page.body ? cache.setRaw(page.keys.page, withGeneration(lookup.generation, page.body), page.ttlSeconds) : undefined,
    page.issuedNext ? cache.setRaw(page.issuedNext, '1', ISSUED_CURSOR_TTL_SECONDS) : undefined,
  ]);
}

/** Replaces a generation: every body cached under the old one stops counting. Throws on a cache failure. */
export async function bumpGeneration(cache: Cache, key: string): Promise<void> {
  const token = toBase64Url(randomBytes(12));
  await cache.setRaw(key, token, GENERATION_TTL_SECONDS);
}

/**
 * The shared store over `cache`. Invalidation deletes the pages it names as well, so they are gone
 * even if Redis evicts their new generation under memory pressure (a missing generation reads as
 * the first).
 */
export function sharedPageStore(cache: Cache): PageStore {
  return {
    read: (keys) => readPage(cache, keys),
    store: (lookup, page) => storePage(cache, lookup, page),
    async invalidate(generations, pages = []) {
      // Every bump is tried and the pages deleted even if one bump failed: the delete is the safety net.
      const bumps = await Promise.allSettled(generations.map((key) => bumpGeneration(cache, key)));
      if (pages.length > 0) await cache.delete(...pages);
      const failed = bumps.find((bump) => bump.status === 'rejected');
      if (failed) throw failed.reason;
    },
    close: async () => {},
  };
}

/**
 * A list read page by page with a cursor, cached under one generation: `scope` is the key prefix
 * that names everything selecting the list but the cursor (the user, the filter, the limit).
 */
export interface CursorList {
  scope: string;
  generation: string;
  ttlSeconds: number;
}

// `-` for the first page and `c<cursor>` after it, so an empty cursor is not the first page's key.
const cursorPageKeys = (list: CursorList, cursor: string | undefined): PageKeys => ({
  generation: list.generation,
  page: `${list.scope}:${cursor === undefined ? '-' : `c${cursor}`}`,
  issued: cursor === undefined ? undefined : `${list.scope}:issued:${cursor}`,
});

/** A page of `list` at `cursor`. Throws on a cache failure. */
export const readListPage = (pages: PageStore, list: CursorList, cursor: string | undefined): Promise<PageLookup> =>
  pages.read(cursorPageKeys(list, cursor));

/** Stores a page of `list` read after `lookup`, and marks its next cursor as issued. Throws on a cache failure. */
export const storeListPage = (
  pages: PageStore,
  list: CursorList,
  cursor: string | undefined,
  lookup: PageLookup,
  page: { body?: Bytes; nextCursor: string | null },
): Promise<void> =>
  pages.store(lookup, {
    keys: cursorPageKeys(list, cursor),
    body: page.body,
    ttlSeconds: list.ttlSeconds,
    issuedNext: page.nextCursor ? cursorPageKeys(list, page.nextCursor).issued : undefined,
  });

/** A lookup that may store nothing: what a failed cache read gives. */
export const MISS: PageLookup = { isCacheable: false };

/**
 * Runs a page-cache operation so that a cache failure never fails the request: it is logged (as
 * `message`, with the operation) and `fallback` is returned instead, a miss for a read.
 */
export function pageCacheAttempt(logger: Logger, message: string) {
  return async <T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      logger.warn(message, { operation, error: error instanceof Error ? error.message : String(error) });
      return fallback;
    }
  };
}
