import type { RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './env.ts';
import { validationHook } from './validation.ts';

type Target = 'query' | 'param' | 'header';

interface Check {
  target: Target;
  schema: z.ZodType;
  read: (c: Context<AppEnv>) => unknown;
}

// As hono/validator reads them: a key given once is a string, repeated an array. Built with
// fromEntries, not by assignment, so a key named `__proto__` is a key, not the object's prototype.
const readQuery = (c: Context<AppEnv>) =>
  Object.fromEntries(
    Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
  );

const readParams = (c: Context<AppEnv>) => c.req.param();

/**
 * The declared headers only, under the schema's own spelling of their names. zod-openapi reads
 * every header instead (on @hono/node-server that builds a full Web `Headers` per request) and
 * the object schema then drops all but the declared ones; a schema that keeps unknown keys
 * (a catchall) still gets every header, as there.
 */
function headerReader(schema: z.ZodType): ((c: Context<AppEnv>) => unknown) | undefined {
  if (!(schema instanceof z.ZodObject) || schema._zod.def.catchall !== undefined) return undefined;
  const names = Object.keys(schema.shape).map((name) => [name, name.toLowerCase()] as const);
  return (c) => {
    const value: Record<string, string> = {};
    for (const [name, lowerName] of names) {
      const header = c.req.header(lowerName);
      if (header !== undefined) value[name] = header;
    }
    return value;
  };
}

/**
 * zod-openapi validates a route's query, path parameters and headers with one async middleware
 * each (each an `await` of a `safeParseAsync` and of the hook, and a layer of Hono's compose). This
 * is one synchronous check of the three, in the same order, with the same results for
 * `c.req.valid()` and the same failures (the router's validation hook). Returns the route without
 * those parts for zod-openapi to handle the rest (cookies, the body), or undefined when a part is
 * not one this handles, to leave the whole route to zod-openapi.
 */
export function splitInputValidation<R extends RouteConfig>(
  route: R,
): { route: R; check: (c: Context<AppEnv>) => void } | undefined {
  const { query, params, headers, ...rest } = route.request ?? {};
  const checks: Check[] = [];
  if (query) checks.push({ target: 'query', schema: query, read: readQuery });
  if (params) checks.push({ target: 'param', schema: params, read: readParams });
  if (headers) {
    if (!(headers instanceof z.ZodType)) return undefined;
    const read = headerReader(headers);
    if (!read) return undefined;
    checks.push({ target: 'header', schema: headers, read });
  }
  if (checks.length === 0) return undefined;

  const check = (c: Context<AppEnv>) => {
    for (const { target, schema, read } of checks) {
      const value = read(c);
      // Synchronous: no request schema has an async refinement (zod throws if one ever does).
      const result = schema.safeParse(value);
      // The hook only acts on a failure (it throws the 400 problem), so it is only called then.
      if (!result.success) {
        validationHook({ data: value, ...result, target } as never, c as never);
        throw new Error('the validation hook returned on a failed check');
      }
      c.req.addValidatedData(target, result.data as object);
    }
  };
  return { route: { ...route, request: rest }, check };
}
