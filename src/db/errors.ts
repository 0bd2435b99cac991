// SQLSTATE classes that mean "the database is not there right now", not "the request is wrong":
// 08 connection exception, 57P01..57P03 admin shutdown / crash / cannot connect now, 53 insufficient resources.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3])/;
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
// 57014: a statement cancelled by statement_timeout.
const TIMEOUT_SQLSTATE = '57014';

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  // Drizzle wraps driver errors; look through `cause`.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  return (
    code !== undefined && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || code === TIMEOUT_SQLSTATE)
  );
}

const UNENCODABLE_SQLSTATE = new Set(['22021', '22P05']);

export const isUnencodableText = (error: unknown): boolean => UNENCODABLE_SQLSTATE.has(codeOf(error) ?? '');

export const isForeignKeyViolation = (error: unknown): boolean => codeOf(error) === '23503';

/**
 * What may be logged of an unexpected error. Drizzle's query errors put every bound parameter in
 * their message (and so in the first line of the stack): a password hash or a token hash in an
 * INSERT would reach the log. Those are logged as the SQL text and the driver's own message only.
 */
export function describeError(error: Error): Record<string, unknown> {
  const { query, params, cause } = error as Error & { query?: unknown; params?: unknown; cause?: unknown };
  const stackFrames = error.stack?.slice(Math.max(0, error.stack.indexOf('\n    at '))) ?? '';
  if (typeof query !== 'string' || params === undefined) {
    return { error: error.name, detail: error.message, stack: error.stack };
  }
  const code = codeOf(error);
  // Data exceptions (class 22) quote the offending value in their message: keep only the code.
  const driverMessage = cause instanceof Error && !code?.startsWith('22') ? cause.message : undefined;
  return {
    error: error.name,
    detail: 'database query failed',
    sql: query,
    code,
    cause: driverMessage,
    stack: `${error.name}${stackFrames}`,
  };
}

/** PostgreSQL unique_violation, with the violated constraint's name. */
export function uniqueViolation(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const {
      code,
      constraint_name: constraintName,
      constraint,
    } = current as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
    };
    if (code === '23505') return String(constraintName ?? constraint ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
