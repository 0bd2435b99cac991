import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The Scalar standalone bundle from the installed package, for /docs without a CDN. Node only (it
 * reads the file system), so the Workers bundle never pulls in its 3.5 MB.
 */
export async function loadScalarBundle(): Promise<string> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve('@scalar/api-reference/browser/standalone.js'), 'utf8');
}
