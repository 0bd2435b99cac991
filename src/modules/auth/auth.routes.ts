import type { Context } from 'hono';
import { clientIp } from '../../http/client-ip.ts';
import { bearerAuth, defineRoute } from '../../openapi/route.ts';
import {
  jsonBody,
  jsonContent,
  problemResponses,
  rateLimitedResponse,
  rateLimitHeaderSpecs,
} from '../../openapi/schemas.ts';
import { createRouter } from '../../router.ts';
import {
  ChangePasswordBody,
  LoginBody,
  LoginResponse,
  RegisterBody,
  ResendVerificationBody,
  UserEnvelope,
  VerifyEmailBody,
  VerifyEmailQuery,
} from './auth.schemas.ts';

const tags = ['Auth'];
const limited = <T extends object>(response: T) => ({ ...response, headers: rateLimitHeaderSpecs });
const problem401 = {
  401: { ...problemResponses(401)[401], headers: { 'WWW-Authenticate': { schema: { type: 'string' as const } } } },
};

const registerRoute = defineRoute({
  method: 'post',
  path: '/register',
  operationId: 'registerUser',
  tags,
  security: [],
  summary: 'Create an account and email a verification link',
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: limited(jsonContent(UserEnvelope, 'The new account (not yet verified)')),
    ...problemResponses(400, 409, 413, 415),
    ...rateLimitedResponse,
  },
});

const verifyBody = {
  200: jsonContent(UserEnvelope, 'The account, now with emailVerified: true'),
  ...problemResponses(400),
};

const verifyEmailRoute = defineRoute({
  method: 'post',
  path: '/verify-email',
  operationId: 'verifyEmail',
  tags,
  security: [],
  summary: 'Verify the email address with the emailed token (works once, for 24 h)',
  request: { body: jsonBody(VerifyEmailBody) },
  responses: { ...verifyBody, ...problemResponses(413, 415) },
});

const verifyEmailLinkRoute = defineRoute({
  method: 'get',
  path: '/verify-email',
  operationId: 'verifyEmailLink',
  tags,
  security: [],
  summary: 'The emailed link: verifies like the POST',
  request: { query: VerifyEmailQuery },
  responses: verifyBody,
});

const resendRoute = defineRoute({
  method: 'post',
  path: '/resend-verification',
  operationId: 'resendVerification',
  tags,
  security: [],
  summary: 'Email a new verification link (202 whether or not the account exists)',
  request: { body: jsonBody(ResendVerificationBody) },
  responses: {
    202: { description: 'Accepted', headers: rateLimitHeaderSpecs },
    ...problemResponses(400, 413, 415),
    ...rateLimitedResponse,
  },
});

const loginRoute = defineRoute({
  method: 'post',
  path: '/login',
  operationId: 'login',
  tags,
  security: [],
  summary: 'Exchange email and password for an access token',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: limited(jsonContent(LoginResponse, 'An access token')),
    ...problemResponses(400, 413, 415),
    401: { ...problem401[401], description: 'Unknown email or wrong password (one answer for both)' },
    ...rateLimitedResponse,
  },
});

const logoutRoute = defineRoute({
  method: 'post',
  path: '/logout',
  operationId: 'logout',
  tags,
  summary: 'Revoke this access token',
  security: bearerAuth,
  responses: { 204: { description: 'Revoked' }, ...problem401 },
});

const changePasswordRoute = defineRoute({
  method: 'post',
  path: '/change-password',
  operationId: 'changePassword',
  tags,
  summary: 'Change the password; every token issued before is revoked',
  security: bearerAuth,
  request: { body: jsonBody(ChangePasswordBody) },
  responses: {
    204: { description: 'Changed; sign in again' },
    ...problemResponses(400, 403, 413, 415),
    ...problem401,
    ...rateLimitedResponse,
  },
});

/** Node answers mail after the response; Workers keep the isolate alive for it with waitUntil. */
function deferFor(c: Context) {
  return (work: Promise<void>) => {
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      // No ExecutionContext outside Workers: the promise simply runs on (it never rejects).
    }
  };
}

/** Mounted at `/v1/auth`. */
export const createAuthRoutes = () =>
  createRouter()
    .openapi(registerRoute, async (c) => {
      const { auth } = c.var.services;
      const { result, headers } = await auth.register(c.req.valid('json'), clientIp(c, c.var.services));
      return c.json({ user: result }, 201, headers);
    })
    .openapi(verifyEmailRoute, async (c) =>
      c.json({ user: await c.var.services.auth.verifyEmail(c.req.valid('json').token) }, 200),
    )
    .openapi(verifyEmailLinkRoute, async (c) =>
      c.json({ user: await c.var.services.auth.verifyEmail(c.req.valid('query').token) }, 200),
    )
    .openapi(resendRoute, async (c) => {
      const { auth } = c.var.services;
      const { email } = c.req.valid('json');
      const { headers } = await auth.resendVerification(email, clientIp(c, c.var.services), deferFor(c));
      return c.body(null, 202, headers);
    })
    .openapi(loginRoute, async (c) => {
      const { auth, config } = c.var.services;
      const signal = AbortSignal.any([c.req.raw.signal, AbortSignal.timeout(config.requestTimeoutMs)]);
      const { result, headers } = await auth.login(c.req.valid('json'), clientIp(c, c.var.services), signal);
      return c.json(result, 200, headers);
    })
    .openapi(logoutRoute, async (c) => {
      await c.var.services.auth.logout(c.var.tokenId, c.var.tokenExpiresAt);
      return c.body(null, 204);
    })
    .openapi(changePasswordRoute, async (c) => {
      const { auth } = c.var.services;
      await auth.changePassword(c.var.userId, c.req.valid('json'), clientIp(c, c.var.services));
      return c.body(null, 204);
    });
