import type { Request } from 'autocannon';

/** One measured load: what to send, and which statuses count as success. */
export interface Scenario {
  name: string;
  description: string;
  /** The floor serves only the two public reads. */
  hasFloor: boolean;
  okStatuses: number[];
  /** Runs before each measured run of this scenario (flush or warm a cache). */
  prepare?: (target: string) => Promise<void>;
  /** Pause after each run of this scenario, so what it left running does not weigh on the next. */
  settleMs?: number;
  requests: (target: string) => Request[];
}

export interface ScenarioData {
  coldSlugs: string[];
  warmSlugs: string[];
  deepPage: number;
  /** Got by walking the feed through the API, as a reader would: the API caches their pages. */
  deepCursors: string[];
  /** The same depth, made here from the rows: the API never issued them, so it never caches their pages. */
  deepMadeUpCursors: string[];
  listTokens: string[];
  autosaveDrafts: Array<{ id: string; token: string }>;
  draftVersions: Map<string, number>;
  /** Re-reads the drafts' versions: a request cut off at the end of a run may have moved one on. */
  reloadDraftVersions: () => Promise<void>;
  loginEmails: string[];
  loginPassword: string;
  flushCache: () => Promise<void>;
}

/** Cycles through `items`, shared by every connection, so requests spread over all of them. */
function rotation<T>(items: T[], start = 0) {
  let next = start;
  return () => items[next++ % items.length] as T;
}

/**
 * A rotation of its own for each target, so one target's reads do not move another's on; the second
 * target starts half way through, so it never reads what the first has just pulled into PostgreSQL's
 * shared buffers (128 MB hold some 6,000 articles here) and each pays for the same kind of read.
 */
function rotationPerTarget<T>(items: T[]) {
  const rotations = new Map<string, () => T>();
  return (target: string) => {
    let next = rotations.get(target);
    if (!next) {
      next = rotation(items, rotations.size === 0 ? 0 : Math.floor(items.length / 2));
      rotations.set(target, next);
    }
    return next;
  };
}

export function buildScenarios(data: ScenarioData): Scenario[] {
  const coldSlugOf = rotationPerTarget(data.coldSlugs);
  const warmSlug = rotation(data.warmSlugs);
  const deepCursor = rotation(data.deepCursors);
  const deepMadeUpCursor = rotation(data.deepMadeUpCursors);
  const listToken = rotation(data.listTokens);
  const draft = rotation(data.autosaveDrafts);
  const loginEmail = rotation(data.loginEmails);
  const freeDrafts = [...data.autosaveDrafts];

  return [
    {
      name: 'public article (cold cache)',
      description: `GET /v1/public/articles/{slug} over ${data.coldSlugs.length} slugs, each target reading them in turn from where its last run stopped, so a slug is read about once: every read is a first read (no page cached, none kept); article pages are also dropped from the cache before each run`,
      hasFloor: true,
      okStatuses: [200],
      prepare: async () => data.flushCache(),
      requests: (target) => {
        const coldSlug = coldSlugOf(target);
        return [{ setupRequest: (request) => ({ ...request, path: `/v1/public/articles/${coldSlug()}` }) }];
      },
    },
    {
      name: 'public article (warm cache)',
      description: `GET /v1/public/articles/{slug} over ${data.warmSlugs.length} slugs, each read twice before the run (the API keeps a page from its second read)`,
      hasFloor: true,
      okStatuses: [200],
      prepare: async (target) => {
        for (const _time of [1, 2]) {
          for (let index = 0; index < data.warmSlugs.length; index += 50) {
            await Promise.all(
              data.warmSlugs
                .slice(index, index + 50)
                .map((slug) => fetch(`${target}/v1/public/articles/${slug}`).then((r) => r.arrayBuffer())),
            );
          }
        }
      },
      requests: () => [{ setupRequest: (request) => ({ ...request, path: `/v1/public/articles/${warmSlug()}` }) }],
    },
    {
      name: 'public list (first page)',
      description: 'GET /v1/public/articles?limit=20',
      hasFloor: true,
      okStatuses: [200],
      requests: () => [{ path: '/v1/public/articles?limit=20' }],
    },
    {
      name: 'public list (deep cursor)',
      description: `GET /v1/public/articles?limit=20&cursor= at page ${data.deepPage + 1} and the next nine, rotating, with cursors got by walking the feed (cached pages)`,
      hasFloor: true,
      okStatuses: [200],
      requests: () => [
        { setupRequest: (request) => ({ ...request, path: `/v1/public/articles?limit=20&cursor=${deepCursor()}` }) },
      ],
    },
    {
      name: 'public list (deep cursor from the database)',
      description: `GET /v1/public/articles?limit=20&cursor= ${data.deepPage * 20} rows deep (and the next nine rows, rotating), with cursors the API never issued, so every page comes from the database`,
      hasFloor: true,
      okStatuses: [200],
      requests: () => [
        {
          setupRequest: (request) => ({
            ...request,
            path: `/v1/public/articles?limit=20&cursor=${deepMadeUpCursor()}`,
          }),
        },
      ],
    },
    {
      name: 'authenticated article list',
      description: `GET /v1/articles?limit=20 as ${data.listTokens.length} different users`,
      hasFloor: false,
      okStatuses: [200],
      requests: () => [
        {
          setupRequest: (request) => ({
            ...request,
            path: '/v1/articles?limit=20',
            headers: { ...request.headers, authorization: `Bearer ${listToken()}` },
          }),
        },
      ],
    },
    {
      name: 'draft autosave',
      description: 'PATCH /v1/drafts/{id} with If-Match, one draft per connection, ~5 KB of sections',
      prepare: async () => {
        // Requests the previous run left in flight finish first, then the versions are read.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await data.reloadDraftVersions();
        freeDrafts.splice(0, freeDrafts.length, ...data.autosaveDrafts);
      },
      hasFloor: false,
      okStatuses: [200],
      requests: () => [
        {
          method: 'PATCH',
          setupRequest: (request, context) => {
            // Each request takes a draft nobody else is saving and gives it back with its answer, so
            // concurrent connections never race on one draft (that would be a 412, counted as an error).
            const taken = freeDrafts.shift() ?? draft();
            context.draft = taken;
            const version = data.draftVersions.get(taken.id) ?? 1;
            const content = `Autosaved at version ${version}. ${'Typing more words into the section. '.repeat(30)}`;
            return {
              ...request,
              path: `/v1/drafts/${taken.id}`,
              headers: {
                authorization: `Bearer ${taken.token}`,
                'content-type': 'application/json',
                'if-match': `"${version}"`,
              },
              body: JSON.stringify({
                sections: [
                  { heading: 'Intro', content },
                  { heading: 'Body', content },
                ],
              }),
            };
          },
          onResponse: (status, _body, context, headers) => {
            const taken = context.draft as { id: string; token: string };
            const etag = headers.etag ?? headers.ETag;
            if (status === 200 && etag) data.draftVersions.set(taken.id, Number(etag.replaceAll('"', '')));
            freeDrafts.push(taken);
          },
        },
      ],
    },
    {
      name: 'login',
      description: 'POST /v1/auth/login (argon2id, production parameters)',
      hasFloor: false,
      okStatuses: [200],
      // Hashing keeps the CPU busy after the run ends (queued logins): let it settle before the next.
      settleMs: 5000,
      requests: () => [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: '/v1/auth/login',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: loginEmail(), password: data.loginPassword }),
          }),
        },
      ],
    },
  ];
}
