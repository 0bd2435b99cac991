import { z } from '@hono/zod-openapi';

// Stored lowercased: the address is unique case-insensitively, and lookups then use one form.
const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'Not a valid email address.' }))
  .openapi({ type: 'string', format: 'email', example: 'ada@example.com' });

const NewPassword = z.string().min(8).max(128).openapi({ format: 'password', example: 'correct horse battery' });
// Logins accept any length up to the maximum: a shorter one is simply wrong, never a hint.
const AnyPassword = z.string().min(1).max(128).openapi({ format: 'password' });
const Name = z.string().trim().min(1).max(100);
const VerificationToken = z.string().min(1).max(256);

export const RegisterBody = z
  .strictObject({ email: Email, password: NewPassword, name: Name.optional() })
  .openapi('RegisterBody');

export const VerifyEmailBody = z.strictObject({ token: VerificationToken }).openapi('VerifyEmailBody');
export const VerifyEmailQuery = z.object({
  token: VerificationToken.openapi({ param: { name: 'token', in: 'query' }, description: 'The emailed token' }),
});

export const ResendVerificationBody = z.strictObject({ email: Email }).openapi('ResendVerificationBody');

export const LoginBody = z
  .strictObject({
    email: z.string().trim().toLowerCase().min(1).max(254).openapi({ format: 'email' }),
    password: AnyPassword,
  })
  .openapi('LoginBody');

export const ChangePasswordBody = z
  .strictObject({ currentPassword: AnyPassword, newPassword: NewPassword })
  .openapi('ChangePasswordBody');

export const UserResponse = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('User');

export const UserEnvelope = z.object({ user: UserResponse }).openapi('UserEnvelope');

export const LoginResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
    user: UserResponse,
  })
  .openapi('LoginResponse');

export type UserResponse = z.infer<typeof UserResponse>;
