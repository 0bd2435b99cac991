import { z } from 'zod';
import {
  type PasswordHashParams,
  PRODUCTION_PASSWORD_HASH_PARAMS,
  parsePasswordHashParams,
  TEST_PASSWORD_HASH_PARAMS,
} from './crypto/password.ts';

const RATE_LIMIT = /^(\d+)\/(\d+)([smh])$/;
const WINDOW_SECONDS = { s: 1, m: 60, h: 3600 } as const;

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

function parseRateLimit(value: string): RateLimitRule | undefined {
  const match = RATE_LIMIT.exec(value.trim());
  if (!match) return undefined;
  const [, count, amount, unit] = match as unknown as [string, string, string, keyof typeof WINDOW_SECONDS];
  const limit = Number(count);
  const windowSeconds = Number(amount) * WINDOW_SECONDS[unit];
  return limit > 0 && windowSeconds > 0 ? { limit, windowSeconds } : undefined;
}

const rateLimit = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const rule = parseRateLimit(value);
      if (!rule) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected <count>/<window> with the window in s, m or h, e.g. 10/15m',
        });
        return z.NEVER;
      }
      return rule;
    });

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

function decodeBase64(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(value), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** `ENCRYPTION_KEY`: base64 of 32 bytes, or a comma-separated list (the first encrypts, all decrypt). */
const encryptionKeys = z.string().transform((value, ctx) => {
  const keys: Uint8Array[] = [];
  for (const [index, part] of value.split(',').entries()) {
    const key = decodeBase64(part.trim());
    if (key?.length !== 32) {
      // Never echo the value: it is a secret.
      ctx.addIssue({ code: 'custom', message: `entry ${index + 1} is not base64 of exactly 32 bytes` });
      return z.NEVER;
    }
    keys.push(key);
  }
  return keys;
});

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  JWT_SECRET: z
    .string({ error: 'required in production (outside production it is generated under DATA_DIR)' })
    .refine((value) => new TextEncoder().encode(value).length >= 32, 'must be at least 32 bytes'),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(86_400).default(3600),
  ENCRYPTION_KEY: z
    .string({ error: 'required in production (outside production it is generated under DATA_DIR)' })
    .pipe(encryptionKeys),
  APP_URL: optionalUrl,
  EMAIL_WEBHOOK_URL: optionalUrl,
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** argon2id cost as the PHC segment `m=<KiB>,t=<passes>,p=<lanes>`; see docs/security.md. */
  PASSWORD_HASH_PARAMS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const params = parsePasswordHashParams(value);
      if (!params) {
        ctx.addIssue({ code: 'custom', message: 'expected m=<KiB>,t=<passes>,p=<lanes>, e.g. m=19456,t=2,p=1' });
        return z.NEVER;
      }
      return params;
    }),
  LOGIN_RATE_LIMIT: rateLimit('10/15m'),
  SIGNUP_RATE_LIMIT: rateLimit('20/1h'),
  TRUST_PROXY: bool(false),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  PUBLIC_CACHE_CONTROL: z.string().min(1).default('public, max-age=60, stale-while-revalidate=300'),
  /** Memory each process gives to public pages when they are cached in-process (docs/performance.md). */
  PUBLIC_PAGE_CACHE_MB: z.coerce.number().min(1).max(4096).default(64),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
});

type ParsedConfig = z.infer<typeof ConfigSchema>;

export interface Config {
  env: ParsedConfig['NODE_ENV'];
  port: number;
  host: string;
  logLevel: ParsedConfig['LOG_LEVEL'];
  dataDir: string;
  database: { url?: string; poolMax: number; statementTimeoutMs: number };
  cache: { kind: 'upstash'; url: string; token: string } | { kind: 'redis'; url: string } | { kind: 'memory' };
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  passwordHashParams: Readonly<PasswordHashParams>;
  encryptionKeys: readonly Uint8Array[];
  appUrl: string;
  emailWebhookUrl?: string;
  corsOrigins: readonly string[];
  loginRateLimit: RateLimitRule;
  signupRateLimit: RateLimitRule;
  trustProxy: boolean;
  bodyLimitBytes: number;
  publicCacheControl: string;
  publicPageCacheBytes: number;
  shutdownTimeoutMs: number;
  requestTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Pool size: the seed's `connection_limit` URL parameter wins, then `DB_POOL_MAX`, then 10. */
function poolSize(url: string | undefined, fallback: number | undefined): number {
  const fromUrl = url ? Number(new URL(url).searchParams.get('connection_limit')) : Number.NaN;
  return Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : (fallback ?? 10);
}

export type ConfigSource = Record<string, string | undefined>;

/** Validates the environment once; pure, so Node (process.env) and Workers (bindings) share it. */
export function loadConfig(source: ConfigSource): Config {
  // An empty variable counts as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    problems.push('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const cache: Config['cache'] =
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? { kind: 'upstash', url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
      : env.REDIS_URL
        ? { kind: 'redis', url: env.REDIS_URL }
        : { kind: 'memory' };

  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    database: {
      url: env.DATABASE_URL,
      poolMax: poolSize(env.DATABASE_URL, env.DB_POOL_MAX),
      statementTimeoutMs: env.STATEMENT_TIMEOUT_MS,
    },
    cache,
    jwtSecret: env.JWT_SECRET,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    // Tests register many users, so they default to cheap parameters; everything else to production's.
    passwordHashParams:
      env.PASSWORD_HASH_PARAMS ??
      (env.NODE_ENV === 'test' ? TEST_PASSWORD_HASH_PARAMS : PRODUCTION_PASSWORD_HASH_PARAMS),
    encryptionKeys: Object.freeze(env.ENCRYPTION_KEY),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    emailWebhookUrl: env.EMAIL_WEBHOOK_URL,
    corsOrigins: Object.freeze(env.CORS_ORIGINS),
    loginRateLimit: env.LOGIN_RATE_LIMIT,
    signupRateLimit: env.SIGNUP_RATE_LIMIT,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT,
    publicCacheControl: env.PUBLIC_CACHE_CONTROL,
    publicPageCacheBytes: Math.floor(env.PUBLIC_PAGE_CACHE_MB * 1024 * 1024),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
  });
}
