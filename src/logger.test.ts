import { describe, expect, it } from 'vitest';
import { createLineBuffer, createLogger } from './logger.ts';

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

describe('createLineBuffer', () => {
  it('hands over the lines of one turn as one chunk, in order, each ending in a newline', () => {
    const chunks: string[] = [];
    const scheduled: Array<() => void> = [];
    const buffer = createLineBuffer(
      (chunk) => chunks.push(chunk),
      (flush) => scheduled.push(flush),
    );
    buffer.write('one');
    buffer.write('two');
    expect(chunks).toEqual([]);
    expect(scheduled).toHaveLength(1);
    scheduled[0]?.();
    expect(chunks).toEqual(['one\ntwo\n']);
    buffer.write('three');
    expect(scheduled).toHaveLength(2);
    buffer.flush();
    expect(chunks).toEqual(['one\ntwo\n', 'three\n']);
    scheduled[1]?.();
    expect(chunks).toHaveLength(2);
  });

  it('writes out at once past its size limit, without waiting for the turn', () => {
    const chunks: string[] = [];
    const buffer = createLineBuffer(
      (chunk) => chunks.push(chunk),
      () => {},
      10,
    );
    buffer.write('12345');
    expect(chunks).toEqual([]);
    buffer.write('67890');
    expect(chunks).toEqual(['12345\n67890\n']);
  });
});
