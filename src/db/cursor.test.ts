import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const forged = (at: unknown, id: unknown = ID) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect(decodeCursor(encodeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  // Each of these is a valid JavaScript date that PostgreSQL's timestamptz refuses (a 500 before).
  it.each([
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '-000001-01-01T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '1 Jan 0001',
    '2026-01-01',
    '2026-01-01T00:00:00Z',
    '2026-02-30T00:00:00.000Z',
  ])('refuses the position %s as a 400 naming cursor', (at) => {
    const error = (() => {
      try {
        decodeCursor(forged(at));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).errors?.[0]?.path).toBe('cursor');
  });
});
