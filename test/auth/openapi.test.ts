import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context.ts';
import { call } from '../helpers/http.ts';

const ctx = useTestContext();

describe('the accounts part of /openapi.json', () => {
  it('declares every operation with its tag, statuses and rate-limit headers', async () => {
    const { status, body: doc } = await call(ctx.current.app, 'GET', '/openapi.json');
    expect(status).toBe(200);
    // Responses may be written inline or as references to shared components.
    const resolve = (response: any) =>
      response?.$ref ? doc.components.responses[response.$ref.split('/').at(-1)] : response;
    const operations = new Map<string, { method: string; path: string; op: any }>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) operations.set(op.operationId, { method, path, op });
    }
    const expected: [string, string, string, string, string[]][] = [
      ['registerUser', 'post', '/v1/auth/register', 'Auth', ['201', '400', '409', '429']],
      ['verifyEmail', 'post', '/v1/auth/verify-email', 'Auth', ['200', '400']],
      ['verifyEmailLink', 'get', '/v1/auth/verify-email', 'Auth', ['200', '400']],
      ['resendVerification', 'post', '/v1/auth/resend-verification', 'Auth', ['202', '400', '429']],
      ['login', 'post', '/v1/auth/login', 'Auth', ['200', '400', '401', '429']],
      ['logout', 'post', '/v1/auth/logout', 'Auth', ['204', '401']],
      ['changePassword', 'post', '/v1/auth/change-password', 'Auth', ['204', '400', '401', '403', '429']],
      ['getMe', 'get', '/v1/me', 'Account', ['200', '401']],
      ['updateMe', 'patch', '/v1/me', 'Account', ['200', '400', '401']],
      ['deleteMe', 'delete', '/v1/me', 'Account', ['204', '400', '401', '403', '429']],
      ['getSettings', 'get', '/v1/settings', 'Settings', ['200', '401']],
      ['updateSettings', 'patch', '/v1/settings', 'Settings', ['200', '400', '401']],
    ];
    for (const [operationId, method, path, tag, statuses] of expected) {
      const found = operations.get(operationId);
      expect(found, operationId).toMatchObject({ method, path });
      expect(found?.op.tags).toEqual([tag]);
      for (const code of statuses) expect(Object.keys(found?.op.responses ?? {}), operationId).toContain(code);
      const tooMany = resolve(found?.op.responses['429']);
      if (tooMany)
        expect(Object.keys(tooMany.headers)).toEqual(
          expect.arrayContaining(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
        );
    }
    expect(resolve(operations.get('login')?.op.responses['200']).headers).toHaveProperty('RateLimit-Remaining');
    expect(operations.get('getMe')?.op.security).toEqual([{ bearerAuth: [] }]);
    for (const open of ['registerUser', 'verifyEmail', 'verifyEmailLink', 'resendVerification', 'login']) {
      expect(operations.get(open)?.op.security, open).toEqual([]);
    }
    const user = doc.components.schemas.User;
    expect(Object.keys(user.properties).sort()).toEqual([
      'createdAt',
      'email',
      'emailVerified',
      'id',
      'name',
      'updatedAt',
    ]);
    expect(doc.components.schemas.RegisterBody.additionalProperties).toBe(false);
  });
});
