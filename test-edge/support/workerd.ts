import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { WorkerBundle } from './bundle.ts';

export interface RunningWorker {
  baseUrl: string;
  dispose(): Promise<void>;
}

export interface WorkerdOptions {
  /** Hyperdrive bindings by name → the database they front (locally Miniflare proxies to it). */
  hyperdrives?: Record<string, string>;
}

/**
 * The deploy bundle in local workerd through Miniflare. Not `wrangler dev`: its dev server rebuilds
 * and restarts the Worker mid-request whenever a source file changes.
 */
export async function startWorkerd(
  bundle: WorkerBundle,
  bindings: Record<string, string>,
  options: WorkerdOptions = {},
): Promise<RunningWorker> {
  const worker = new Miniflare({
    modules: true,
    scriptPath: join(bundle.dir, 'worker.js'),
    modulesRoot: bundle.dir,
    compatibilityDate: bundle.compatibilityDate,
    compatibilityFlags: bundle.compatibilityFlags,
    bindings,
    hyperdrives: options.hyperdrives,
    host: '127.0.0.1',
    port: 0,
    // Local runs need no network: no download of a sample `request.cf` object.
    cf: false,
  });
  const url = await worker.ready;
  return { baseUrl: url.toString().replace(/\/$/, ''), dispose: () => worker.dispose() };
}
