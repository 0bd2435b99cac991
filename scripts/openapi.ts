/**
 * `npm run openapi` writes openapi.json (the bytes /openapi.json serves) and the client types
 * generated from it; `--check` writes nothing and fails when either committed file is stale;
 * `--client` regenerates only the types from the committed openapi.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { renderOpenApiDocument } from './openapi-document.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT_FILE = 'openapi.json';
const TYPES_FILE = 'src/client/schema.generated.ts';

const TYPES_HEADER = `/**
 * Types of the Finity API, generated from openapi.json by openapi-typescript.
 * Do not edit: run \`npm run openapi\` (or \`npm run client:generate\`) instead.
 */

`;

async function renderTypes(documentText: string): Promise<string> {
  const nodes = await openapiTS(JSON.parse(documentText), { alphabetize: false });
  return `${TYPES_HEADER}${astToString(nodes)}`;
}

const read = (file: string) => readFile(`${root}${file}`, 'utf8').catch(() => '');
const write = (file: string, text: string) => writeFile(`${root}${file}`, text);

async function main(mode: string | undefined) {
  if (mode === '--client') {
    await write(TYPES_FILE, await renderTypes(await read(DOCUMENT_FILE)));
    return;
  }
  const document = await renderOpenApiDocument();
  const types = await renderTypes(document);
  if (mode === '--check') {
    const stale = [
      ...((await read(DOCUMENT_FILE)) === document ? [] : [DOCUMENT_FILE]),
      ...((await read(TYPES_FILE)) === types ? [] : [TYPES_FILE]),
    ];
    if (stale.length > 0) {
      console.error(`Out of date with the code: ${stale.join(', ')}. Run \`npm run openapi\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${DOCUMENT_FILE} and ${TYPES_FILE} match the code.`);
    return;
  }
  await write(DOCUMENT_FILE, document);
  await write(TYPES_FILE, types);
  console.log(`wrote ${DOCUMENT_FILE} (${document.length} bytes) and ${TYPES_FILE}`);
}

await main(process.argv[2]);
