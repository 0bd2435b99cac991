import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('writes one JSON object per line with the level, message and fields', () => {
    const lines: string[] = [];
    createLogger('info', (line) => lines.push(line)).info('request', { status: 200, path: '/healthz' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'info', msg: 'request', status: 200, path: '/healthz' });
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['yes', 'yes']);
    createLogger('silent', (line) => lines.push(line)).error('never');
    expect(lines).toHaveLength(2);
  });

  it('redacts fields named like a secret, whatever a caller passes', () => {
    const lines: string[] = [];
    createLogger('debug', (line) => lines.push(line)).info('oops', {
      password: 'hunter2-password',
      accessToken: 'eyJ.token.value',
      authorization: 'Bearer abc',
      apiKey: 'sk-live-secret',
      jwtSecret: 'the-secret',
      user: 'kept',
    });
    const line = lines[0] ?? '';
    for (const secret of ['hunter2-password', 'eyJ.token.value', 'Bearer abc', 'sk-live-secret', 'the-secret']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ password: '[redacted]', apiKey: '[redacted]', user: 'kept' });
  });
});
