import type { Clock } from '../../src/clock.ts';

export interface TestClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock that moves only when told to. */
export function createTestClock(start: Date | string = '2026-01-15T10:00:00.000Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
