import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildWorkerBundle, type WorkerBundle } from './bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workerBundle: WorkerBundle | null;
  }
}

/** Builds the deploy bundle once per run; each test file starts its own workerd on it. */
export default function setup(project: TestProject) {
  if (!process.env.TEST_DATABASE_URL) {
    project.provide('workerBundle', null);
    return;
  }
  const bundle = buildWorkerBundle();
  project.provide('workerBundle', bundle);
  return () => rmSync(bundle.dir, { recursive: true, force: true });
}
