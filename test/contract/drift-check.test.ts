import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FILE,
  renderClientTypes,
  renderOpenApiDocument,
  staleFiles,
  TYPES_FILE,
} from '../../scripts/openapi-document.ts';

const generated = await renderOpenApiDocument();
const types = await renderClientTypes(generated);
const files = (overrides: Record<string, string> = {}) => {
  const texts: Record<string, string> = { [DOCUMENT_FILE]: generated, [TYPES_FILE]: types, ...overrides };
  return async (file: string) => texts[file] ?? '';
};

describe('npm run openapi:check', () => {
  it('passes when both files are what the code generates', async () => {
    expect(await staleFiles(files())).toEqual([]);
  });

  it('names openapi.json when a route changed without regenerating it', async () => {
    const edited = generated.replace('"operationId": "getDraft"', '"operationId": "fetchDraft"');
    expect(edited).not.toBe(generated);
    expect(await staleFiles(files({ [DOCUMENT_FILE]: edited }))).toEqual([DOCUMENT_FILE]);
  });

  it('names the client types when they were edited by hand or not regenerated', async () => {
    expect(await staleFiles(files({ [TYPES_FILE]: `${types}// edited\n` }))).toEqual([TYPES_FILE]);
  });

  it('writes a deterministic, pretty document ending in a newline, the same as generated twice', async () => {
    expect(await renderOpenApiDocument()).toBe(generated);
    expect(generated.startsWith('{\n  "openapi": "3.1.0"')).toBe(true);
    expect(generated.endsWith('}\n')).toBe(true);
  });

  it('generates types from the document that name every operation', async () => {
    const document = JSON.parse(generated);
    for (const item of Object.values<Record<string, { operationId: string }>>(document.paths)) {
      for (const operation of Object.values(item)) expect(types).toContain(`${operation.operationId}: {`);
    }
    // The committed types compile against the same generator: a stale commit is the drift check's job.
    expect((await readFile(TYPES_FILE, 'utf8')).startsWith('/**\n * Types of the Finity API')).toBe(true);
  });
});
