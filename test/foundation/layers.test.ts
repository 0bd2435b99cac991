import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path relative to the repository, with forward slashes: `src/http/auth.ts`. */
const repoPath = (absolute: string) => relative(ROOT, absolute).split(sep).join('/');

/** Every TypeScript file under src/, as a repository path, with its text. */
const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => {
    const path = repoPath(join(ROOT, 'src', name));
    return { path, text: readFileSync(join(ROOT, path), 'utf8') };
  })
  .sort((a, b) => a.path.localeCompare(b.path));

const isTest = (path: string) => path.endsWith('.test.ts');
const isClient = (path: string) => path.startsWith('src/client/');

/** The specifiers of a file's static imports and re-exports (`import type` included), side-effect imports and `import()`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    // import x from '…', import type { A, B } from '…' (across lines), export * from '…', export { a } from '…'
    /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w$\s{},*]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    // import '…'
    /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
    // import('…')
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) if (match[1]) found.push(match[1]);
  return found;
}

/** A relative specifier as the repository path it names (`.ts` or `/index.ts` added when left off); packages are skipped. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(ROOT, dirname(from), specifier);
  const candidates = [target, `${target}.ts`, join(target, 'index.ts')];
  return repoPath(candidates.find((candidate) => existsSync(candidate) && candidate.endsWith('.ts')) ?? target);
}

interface Edge {
  from: string;
  to: string;
}

/** Every import of one file of src/ into another file of the repository. */
const edges: Edge[] = files.flatMap(({ path, text }) =>
  specifiers(text).flatMap((specifier) => {
    const to = resolveSpecifier(path, specifier);
    return to === undefined ? [] : [{ from: path, to }];
  }),
);

/** The production import graph: unit tests beside the code are not shipped, so they are left out of the layering rules. */
const productionEdges = edges.filter((edge) => !isTest(edge.from));

const COMPOSITION = ['src/services.ts', 'src/router.ts', 'src/app.ts'];
const isModule = (path: string) => path.startsWith('src/modules/');
const isHttp = (path: string) => path.startsWith('src/http/');
const isComposition = (path: string) => COMPOSITION.includes(path);

const show = (offenders: Edge[]) => offenders.map((edge) => `${edge.from} -> ${edge.to}`);

describe('the import graph of src/', () => {
  it('finds static imports, `import type`, multi-line imports, re-exports, side-effect imports and import()', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.ts';",
      "import * as e from './e.ts';",
      "import f, { g } from './f.ts';",
      "export { h } from './h.ts';",
      "export type { I } from './i.ts';",
      "export * from './j.ts';",
      "import './k.ts';",
      "const { l } = await import('./l.ts');",
      "import { z } from 'zod';",
      '/** Not an import: a comment naming from, or a string: */',
      "export const m = 'from ./n.ts';",
      'export interface O {',
      '  p: string;',
      '}',
    ].join('\n');
    expect(specifiers(text).sort()).toEqual(
      [
        './a.ts',
        '../b.ts',
        './c.ts',
        './e.ts',
        './f.ts',
        './h.ts',
        './i.ts',
        './j.ts',
        './k.ts',
        './l.ts',
        'zod',
      ].sort(),
    );
  });

  it('is read from every file, and each relative import names a file that exists', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
    expect(show(edges)).toEqual(
      expect.arrayContaining(['src/app.ts -> src/router.ts', 'src/app.ts -> src/services.ts']),
    );
    const missing = edges.filter((edge) => !existsSync(join(ROOT, edge.to)));
    expect(show(missing), 'imports of files that do not exist').toEqual([]);
  });

  it('never has the framework glue in src/http/ import a resource module or the composition root', () => {
    const offenders = productionEdges.filter(
      (edge) => isHttp(edge.from) && (isModule(edge.to) || isComposition(edge.to)),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('never has the infrastructure (db, cache, crypto, content, openapi) import a module or the composition root', () => {
    const infrastructure = ['src/db/', 'src/cache/', 'src/crypto/', 'src/content/', 'src/openapi/'];
    const offenders = productionEdges.filter(
      (edge) =>
        infrastructure.some((folder) => edge.from.startsWith(folder)) && (isModule(edge.to) || isComposition(edge.to)),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('never has db, cache, crypto or content import src/http/, which is built on them (only src/openapi/ may)', () => {
    const below = ['src/db/', 'src/cache/', 'src/crypto/', 'src/content/'];
    const offenders = productionEdges.filter(
      (edge) => below.some((folder) => edge.from.startsWith(folder)) && isHttp(edge.to),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('lets modules take only route-level helpers from src/http/', () => {
    const ROUTE_LEVEL = [
      'src/http/etag.ts',
      'src/http/client-ip.ts',
      'src/http/serialized-json.ts',
      // the rate limiter type and its headers, used by services
      'src/http/rate-limit.ts',
      // the `Authenticator` type
      'src/http/auth.ts',
      // the request variables' types
      'src/http/env.ts',
      // the one opt-in fast path, used only by the public reads (docs/performance.md)
      'src/http/fast-path/fast-read.ts',
    ];
    const offenders = productionEdges.filter(
      (edge) => isModule(edge.from) && isHttp(edge.to) && !ROUTE_LEVEL.includes(edge.to),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('keeps generated code out of src/, and its client types to src/client/', () => {
    expect(files.map(({ path }) => path).filter((path) => path.endsWith('.generated.ts'))).toEqual([]);
    const offenders = edges.filter(
      (edge) => edge.to === 'generated/openapi-types.generated.ts' && !isClient(edge.from),
    );
    expect(show(offenders)).toEqual([]);
    expect(edges.some((edge) => edge.to === 'generated/openapi-types.generated.ts')).toBe(true);
  });
});

describe('state and framework methods in src/', () => {
  it('holds no module-level mutable collection outside the composition root', () => {
    const EXEMPT = ['src/services.ts', 'src/worker.ts', 'src/node.ts'];
    const scanned = files.filter(({ path }) => !isTest(path) && !isClient(path) && !EXEMPT.includes(path));
    const declaration =
      /^(export\s+)?(?:const|let|var)\s+([\w$]+)(?:\s*:.*?)?\s*=\s*new\s+(Map|Set|WeakMap|WeakSet)\b(?:<.*?>)?\s*\((\s*\))?/gm;
    const mutated = (name: string, texts: string[]) => {
      const call = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\.\\s*(?:add|set|delete|clear)\\s*\\(`);
      return texts.some((text) => call.test(text));
    };
    const offenders: string[] = [];
    for (const { path, text } of scanned) {
      for (const match of text.matchAll(declaration)) {
        const [line, exported, name = '', kind, empty] = match;
        const lineNumber = text.slice(0, match.index).split('\n').length;
        // A Map or Set filled where it is declared and never changed is a constant lookup table; an
        // exported one must be left unchanged by every file.
        const readers = exported ? files.map((file) => file.text) : [text];
        const constantTable = (kind === 'Map' || kind === 'Set') && !empty && !mutated(name, readers);
        if (!constantTable) offenders.push(`${path}:${lineNumber} ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never replaces a framework method at run time', () => {
    const replacements = [/\bc\.(json|header|body)\s*=[^=]/, /\.openapi\s*=[^=]/];
    const offenders = files.flatMap(({ path, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => replacements.some((pattern) => pattern.test(line)))
        .map(({ line, index }) => `${path}:${index + 1} ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
