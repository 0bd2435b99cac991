import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { PRODUCTION_PASSWORD_HASH_PARAMS, TEST_PASSWORD_HASH_PARAMS } from '../../src/crypto/password.ts';
import { TEST_ENV } from '../helpers/context.ts';

describe('PASSWORD_HASH_PARAMS', () => {
  it('defaults to the production parameters (19 MiB, t=2, p=1) outside tests', () => {
    for (const NODE_ENV of ['production', 'development', undefined]) {
      const config = loadConfig({ ...TEST_ENV, NODE_ENV });
      expect(config.passwordHashParams).toEqual({ m: 19_456, t: 2, p: 1 });
      expect(config.passwordHashParams).toEqual(PRODUCTION_PASSWORD_HASH_PARAMS);
    }
  });

  it('defaults to cheap parameters only under NODE_ENV=test', () => {
    expect(loadConfig(TEST_ENV).passwordHashParams).toEqual(TEST_PASSWORD_HASH_PARAMS);
  });

  it('takes an explicit setting in any environment', () => {
    const config = loadConfig({ ...TEST_ENV, NODE_ENV: 'production', PASSWORD_HASH_PARAMS: 'm=65536,t=3,p=1' });
    expect(config.passwordHashParams).toEqual({ m: 65_536, t: 3, p: 1 });
  });

  it('refuses a malformed or out-of-bounds setting, naming the variable', () => {
    for (const value of ['fast', 'm=4,t=1,p=1', 'm=19456,t=0,p=1', 'm=19456,t=2']) {
      expect(() => loadConfig({ ...TEST_ENV, PASSWORD_HASH_PARAMS: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...TEST_ENV, PASSWORD_HASH_PARAMS: value })).toThrow(/PASSWORD_HASH_PARAMS/);
    }
  });
});
