import type { PublicPageCache } from '../public-articles/public-articles.cache.ts';
import type { OwnerListCache } from './articles.cache.ts';

/** What a write reports it changed, for the caches to forget. */
export interface Touched {
  /** These slugs' public pages (and so the public feed) may have changed. */
  publicPages(...slugs: string[]): void;
}

export interface ContentWriter {
  /**
   * The only way to write a user's articles or what their public pages show of the author: runs
   * `work` (which opens a transaction when its write takes several statements) and, once it
   * is done and before the caller answers, drops the user's cached article lists and the public
   * pages `work` reported touched. A page read before the write and stored after it is never served
   * (src/cache/page-cache.ts).
   */
  write<T>(userId: string, work: (touched: Touched) => Promise<T>): Promise<T>;
}

export function createContentWriter(deps: { publicPages: PublicPageCache; ownerLists: OwnerListCache }): ContentWriter {
  return {
    async write(userId, work) {
      const slugs: string[] = [];
      const touched: Touched = { publicPages: (...changed) => void slugs.push(...changed) };
      const result = await work(touched);
      await Promise.all([deps.ownerLists.invalidate(userId), deps.publicPages.invalidate(slugs)]);
      return result;
    },
  };
}
