import { z } from '@hono/zod-openapi';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=`, shared by every list; spread into a list's own query schema. */
export const pageQueryShape = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `Page size, 1..${MAX_PAGE_SIZE}`, example: 20 }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Opaque cursor from the previous page’s `nextCursor`' }),
};

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page' }),
    })
    .openapi(name);
