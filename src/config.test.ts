import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigSource, loadConfig } from './config.ts';
import { withDevSecrets } from './dev-secrets.ts';

const JWT_SECRET = 'a-jwt-secret-that-is-long-enough-32b';
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const BASE: ConfigSource = { JWT_SECRET, ENCRYPTION_KEY };

/** The ConfigError's problems for `env`, or a failure when it loads. */
function problemsOf(env: ConfigSource): string[] {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults with only the secrets set', () => {
    const config = loadConfig(BASE);
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      dataDir: './.data',
      database: { url: undefined, poolMax: 10 },
      cache: { kind: 'memory' },
      accessTokenTtlSeconds: 3600,
      appUrl: 'http://localhost:3000',
      corsOrigins: [],
      loginRateLimit: { limit: 10, windowSeconds: 900 },
      signupRateLimit: { limit: 20, windowSeconds: 3600 },
      trustProxy: false,
      bodyLimitBytes: 1024 * 1024,
      publicCacheControl: 'public, max-age=60, stale-while-revalidate=300',
      shutdownTimeoutMs: 10_000,
    });
    expect(config.encryptionKeys).toHaveLength(1);
    expect(config.encryptionKeys[0]).toEqual(new Uint8Array(32).fill(7));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces numbers, booleans, lists and rate limits from strings', () => {
    const config = loadConfig({
      ...BASE,
      PORT: '8080',
      ACCESS_TOKEN_TTL: '900',
      TRUST_PROXY: '1',
      BODY_LIMIT: '2048',
      SHUTDOWN_TIMEOUT_MS: '2500',
      CORS_ORIGINS: ' https://a.example ,https://b.example,, ',
      LOGIN_RATE_LIMIT: '5/30s',
      SIGNUP_RATE_LIMIT: '3/2h',
    });
    expect(config.port).toBe(8080);
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.trustProxy).toBe(true);
    expect(config.bodyLimitBytes).toBe(2048);
    expect(config.shutdownTimeoutMs).toBe(2500);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.loginRateLimit).toEqual({ limit: 5, windowSeconds: 30 });
    expect(config.signupRateLimit).toEqual({ limit: 3, windowSeconds: 7200 });
    expect(loadConfig({ ...BASE, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...BASE, PORT: '', DATABASE_URL: '', REDIS_URL: '' })).toMatchObject({
      port: 3000,
      database: { url: undefined },
      cache: { kind: 'memory' },
    });
  });

  it('derives APP_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig({ ...BASE, PORT: '4100' }).appUrl).toBe('http://localhost:4100');
    expect(loadConfig({ ...BASE, APP_URL: 'https://finity.example/' }).appUrl).toBe('https://finity.example');
  });

  it('picks the cache from configuration: Upstash over Redis over memory', () => {
    expect(loadConfig({ ...BASE, REDIS_URL: 'redis://cache:6379' }).cache).toEqual({
      kind: 'redis',
      url: 'redis://cache:6379',
    });
    expect(
      loadConfig({
        ...BASE,
        REDIS_URL: 'redis://cache:6379',
        UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: 'tok',
      }).cache,
    ).toEqual({ kind: 'upstash', url: 'https://eu1.upstash.io', token: 'tok' });
  });

  it('sizes the pool from connection_limit in DATABASE_URL, then DB_POOL_MAX, then 10', () => {
    const url = 'postgresql://app:pw@db:5432/finity?schema=public&connection_limit=7';
    expect(loadConfig({ ...BASE, DATABASE_URL: url }).database).toMatchObject({ url, poolMax: 7 });
    expect(loadConfig({ ...BASE, DATABASE_URL: url, DB_POOL_MAX: '30' }).database.poolMax).toBe(7);
    expect(loadConfig({ ...BASE, DATABASE_URL: 'postgres://db/finity', DB_POOL_MAX: '30' }).database.poolMax).toBe(30);
    expect(loadConfig({ ...BASE, DATABASE_URL: 'postgres://db/finity' }).database.poolMax).toBe(10);
    expect(loadConfig({ ...BASE, DATABASE_URL: 'postgres://db/finity?connection_limit=zero' }).database.poolMax).toBe(
      10,
    );
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/finity' }],
    ['DB_POOL_MAX', { DB_POOL_MAX: '0' }],
    ['REDIS_URL', { REDIS_URL: 'http://cache:6379' }],
    ['UPSTASH_REDIS_REST_URL', { UPSTASH_REDIS_REST_URL: 'not a url', UPSTASH_REDIS_REST_TOKEN: 't' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['ENCRYPTION_KEY', { ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }],
    ['ENCRYPTION_KEY', { ENCRYPTION_KEY: 'not base64 at all!' }],
    ['ENCRYPTION_KEY', { ENCRYPTION_KEY: `${ENCRYPTION_KEY},short` }],
    ['LOGIN_RATE_LIMIT', { LOGIN_RATE_LIMIT: 'ten per minute' }],
    ['LOGIN_RATE_LIMIT', { LOGIN_RATE_LIMIT: '0/1m' }],
    ['SIGNUP_RATE_LIMIT', { SIGNUP_RATE_LIMIT: '5/1d' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '10' }],
    ['BODY_LIMIT', { BODY_LIMIT: '12' }],
    ['APP_URL', { APP_URL: 'ftp://files.example' }],
    ['EMAIL_WEBHOOK_URL', { EMAIL_WEBHOOK_URL: 'hooks' }],
  ])('names %s when it is bad', (name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('requires the Upstash URL and token together', () => {
    expect(problemsOf({ UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io' })).toEqual([
      'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: set both or neither',
    ]);
    expect(problemsOf({ UPSTASH_REDIS_REST_TOKEN: 'tok' })[0]).toMatch(/UPSTASH_REDIS_REST_URL/);
  });

  it('requires JWT_SECRET and ENCRYPTION_KEY (as in production) and names both in one message', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('JWT_SECRET: required in production');
    expect(message).toContain('ENCRYPTION_KEY: required in production');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never echoes a secret value in its message', () => {
    const shortSecret = 'sup3r-s3cret-but-short';
    const badKey = 'c2VjcmV0LWtleS1tYXRlcmlhbA==';
    const cases: ConfigSource[] = [
      { JWT_SECRET: shortSecret },
      { ENCRYPTION_KEY: badKey },
      { ENCRYPTION_KEY: `${ENCRYPTION_KEY},${badKey}` },
      { DATABASE_URL: 'mysql://admin:p4ssw0rd-db@db/finity' },
      { REDIS_URL: 'http://:r3dis-pass@cache:6379' },
      { UPSTASH_REDIS_REST_TOKEN: 'upstash-t0ken' },
    ];
    for (const env of cases) {
      let message = '';
      try {
        loadConfig({ ...BASE, ...env });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, JSON.stringify(env)).not.toBe('');
      for (const secret of [shortSecret, badKey, 'p4ssw0rd-db', 'r3dis-pass', 'upstash-t0ken', ENCRYPTION_KEY]) {
        expect(message).not.toContain(secret);
      }
    }
  });

  it('accepts several comma-separated encryption keys, the first one first', () => {
    const second = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({ ...BASE, ENCRYPTION_KEY: `${ENCRYPTION_KEY}, ${second}` });
    expect(config.encryptionKeys.map((key) => key[0])).toEqual([7, 9]);
  });
});

describe('withDevSecrets', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'finity-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('creates the secrets once under DATA_DIR and keeps them across calls', async () => {
    const dir = join(await tempDir(), 'nested');
    const first = await withDevSecrets({ DATA_DIR: dir });
    const second = await withDevSecrets({ DATA_DIR: dir });
    expect(first.JWT_SECRET).toBeTruthy();
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.ENCRYPTION_KEY).toBe(first.ENCRYPTION_KEY);
    const file = join(dir, 'secrets.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      JWT_SECRET: first.JWT_SECRET,
      ENCRYPTION_KEY: first.ENCRYPTION_KEY,
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // What it generates passes the config's own checks.
    const config = loadConfig(second);
    expect(config.encryptionKeys[0]).toHaveLength(32);
  });

  it('keeps values that are set and only fills the missing one', async () => {
    const dir = await tempDir();
    const source = await withDevSecrets({ DATA_DIR: dir, JWT_SECRET });
    expect(source.JWT_SECRET).toBe(JWT_SECRET);
    expect(source.ENCRYPTION_KEY).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('does nothing in production', async () => {
    const dir = await tempDir();
    const source = { NODE_ENV: 'production', DATA_DIR: dir };
    expect(await withDevSecrets(source)).toBe(source);
    await expect(stat(join(dir, 'secrets.json'))).rejects.toThrow(/ENOENT/);
    expect(() => loadConfig(source)).toThrow(ConfigError);
  });

  it('does nothing when both secrets are set', async () => {
    const dir = await tempDir();
    const source = { DATA_DIR: dir, ...BASE };
    expect(await withDevSecrets(source)).toBe(source);
    await expect(stat(join(dir, 'secrets.json'))).rejects.toThrow(/ENOENT/);
  });
});
