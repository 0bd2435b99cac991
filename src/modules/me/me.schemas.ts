import { z } from '@hono/zod-openapi';

export const UpdateMeBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).nullable().openapi({ description: 'null clears the name' }),
  })
  .openapi('UpdateMeBody');

export const DeleteMeBody = z
  .strictObject({ password: z.string().min(1).max(128).openapi({ format: 'password' }) })
  .openapi('DeleteMeBody');
