/**
 * `npm run openapi` writes openapi.json (the bytes /openapi.json serves) and the client types
 * generated from it; `--check` writes nothing and fails when either committed file is stale;
 * `--client` regenerates only the types from the committed openapi.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_FILE, renderClientTypes, renderOpenApiDocument, staleFiles, TYPES_FILE } from './openapi-document.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFile(`${root}${file}`, 'utf8').catch(() => '');
const write = (file: string, text: string) => writeFile(`${root}${file}`, text);

async function main(mode: string | undefined) {
  if (mode === '--client') {
    await write(TYPES_FILE, await renderClientTypes(await read(DOCUMENT_FILE)));
    console.log(`wrote ${TYPES_FILE} from ${DOCUMENT_FILE}`);
    return;
  }
  if (mode === '--check') {
    const stale = await staleFiles(read);
    if (stale.length > 0) {
      console.error(`Out of date with the code: ${stale.join(', ')}. Run \`npm run openapi\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${DOCUMENT_FILE} and ${TYPES_FILE} match the code.`);
    return;
  }
  const document = await renderOpenApiDocument();
  await write(DOCUMENT_FILE, document);
  await write(TYPES_FILE, await renderClientTypes(document));
  console.log(`wrote ${DOCUMENT_FILE} (${document.length} bytes) and ${TYPES_FILE}`);
}

await main(process.argv[2]);
