import { z } from '@hono/zod-openapi';
import { provider } from '../../../drizzle/enums.ts';

export const API_KEY_LIMITS = { minChars: 8, maxChars: 512 } as const;

// Same definition and name as in media-assets, so the document holds one `Provider` component.
export const ProviderSchema = z.enum(provider.enumValues).openapi('Provider');

export const ProviderParams = z.object({
  provider: ProviderSchema.openapi({ param: { name: 'provider', in: 'path' } }),
});

// Messages name the rule, never the value: the value is a secret.
const PlaintextKey = z
  .string({ error: 'Send the key as a string.' })
  .min(API_KEY_LIMITS.minChars, `At least ${API_KEY_LIMITS.minChars} characters.`)
  .max(API_KEY_LIMITS.maxChars, `At most ${API_KEY_LIMITS.maxChars} characters.`)
  .regex(/^[\x21-\x7e]*$/, 'Printable ASCII only, without spaces.')
  .openapi({
    description: `The provider's secret key, ${API_KEY_LIMITS.minChars}..${API_KEY_LIMITS.maxChars} printable ASCII characters; write-only, never returned`,
    example: 'sk-proj-0123456789abcdefghij',
    writeOnly: true,
  });

export const PutApiKeyBody = z
  .strictObject({
    key: PlaintextKey,
    isActive: z.boolean().optional().openapi({ description: 'Defaults to true' }),
  })
  .openapi('PutApiKeyBody');
export type PutApiKeyBody = z.infer<typeof PutApiKeyBody>;

export const UpdateApiKeyBody = z.strictObject({ isActive: z.boolean() }).openapi('UpdateApiKeyBody');
export type UpdateApiKeyBody = z.infer<typeof UpdateApiKeyBody>;

export const ApiKeyResponse = z
  .object({
    id: z.uuid(),
    provider: ProviderSchema,
    isActive: z.boolean(),
    isReadable: z.boolean().openapi({
      description:
        'False when the stored value no longer decrypts (tampered, moved, or its encryption key removed); save the key again',
    }),
    maskedKey: z.string().nullable().openapi({
      description: 'An ellipsis and at most the last 4 characters (none for 8 or fewer); null when not readable',
      example: '…wxyz',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('ApiKey');
export type ApiKeyResponse = z.infer<typeof ApiKeyResponse>;

export const ApiKeyList = z.object({ data: z.array(ApiKeyResponse) }).openapi('ApiKeyList');
