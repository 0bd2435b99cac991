import { z } from '@hono/zod-openapi';
import { provider } from '../../../drizzle/index.ts';
import { utf8 } from '../../crypto/encoding.ts';

export const PREFERENCES_MAX_BYTES = 16 * 1024;

const Provider = z.enum(provider.enumValues);

const Preferences = z
  .record(z.string(), z.unknown())
  .refine((value) => utf8(JSON.stringify(value)).length <= PREFERENCES_MAX_BYTES, {
    error: `At most ${PREFERENCES_MAX_BYTES} bytes as UTF-8 JSON.`,
  })
  .openapi({ description: 'Free-form client preferences: a JSON object of at most 16 KiB (UTF-8 JSON)' });

export const UpdateSettingsBody = z
  .strictObject({
    defaultProvider: Provider.optional(),
    focusKeyphrase: z.string().trim().max(255).nullable().optional(),
    preferences: Preferences.optional().openapi({ description: 'Replaces the stored object as a whole' }),
  })
  .openapi('UpdateSettingsBody');

export type UpdateSettingsBody = z.infer<typeof UpdateSettingsBody>;

export const SettingsResponse = z
  .object({
    defaultProvider: Provider,
    focusKeyphrase: z.string().nullable(),
    preferences: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Settings');

export type SettingsResponse = z.infer<typeof SettingsResponse>;
