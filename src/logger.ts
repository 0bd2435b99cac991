export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Defence in depth: callers never pass secrets, but a field with one of these names is dropped anyway.
const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|encrypted|^key$/i;

const MAX_REMEMBERED_NAMES = 1000;

/** One JSON object per line, to `write` (stdout by default). */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => console.log(line)): Logger {
  // Field names are few and repeat on every line (the access log's six): test each name once.
  const isSecretName = new Map<string, boolean>();
  const isSecret = (name: string): boolean => {
    let secret = isSecretName.get(name);
    if (secret === undefined) {
      secret = SECRET_FIELD.test(name);
      if (isSecretName.size < MAX_REMEMBERED_NAMES) isSecretName.set(name, secret);
    }
    return secret;
  };
  const log = (lineLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    const entry: LogFields = { time: new Date().toISOString(), level: lineLevel, msg: message };
    if (fields) for (const name in fields) entry[name] = isSecret(name) ? '[redacted]' : fields[name];
    write(JSON.stringify(entry));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

export interface LineBuffer {
  write(line: string): void;
  /** Writes out what is buffered now (before exit, say). */
  flush(): void;
}

/**
 * Collects log lines and hands them to `sink` in one chunk per turn of the event loop (or sooner,
 * past `maxBytes`): one write system call for a burst of requests instead of one per line
 * (docs/performance.md). `schedule` runs the flush after the current turn.
 */
export function createLineBuffer(
  sink: (chunk: string) => void,
  schedule: (flush: () => void) => void,
  maxBytes = 64 * 1024,
): LineBuffer {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    sink(chunk);
  };
  return {
    write(line) {
      pending += `${line}\n`;
      if (pending.length >= maxBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
