import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { type FieldError, validationFailed } from '../errors.ts';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'headers',
  cookie: 'cookie',
};

function joinPath(path: PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/** Zod issues as `{ path, message }`, an unknown key named by its own path, the root by its target. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], target = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: joinPath([...issue.path, key]), message: 'Unknown field.' });
      continue;
    }
    errors.push({ path: joinPath(issue.path) || target, message: issue.message });
  }
  return errors;
}

export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) {
    const target = TARGET_NAMES[result.target] ?? result.target;
    throw validationFailed(toFieldErrors(result.error.issues, target), `The request ${target} is not valid.`);
  }
};
