import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  return version ? join(root, version, 'bin') : undefined;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port), so a
 * test can restart the server without disturbing the shared one other test files use.
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` system user.
 */
export class PrivatePostgres {
  private readonly directory = mkdtempSync(join(tmpdir(), 'finity-pg-'));
  private readonly bin = binDir();

  constructor(readonly port: number) {}

  static isAvailable(): boolean {
    const bin = binDir();
    return Boolean(bin && existsSync(join(bin, 'initdb')));
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(command: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const executable = join(this.bin ?? '', command);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', executable, ...args], { stdio: 'ignore' });
    else execFileSync(executable, args, { stdio: 'ignore' });
  }

  start() {
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      chownSync(this.directory, id('-u'), id('-g'));
    }
    const data = join(this.directory, 'data');
    this.run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    this.pgCtl('start');
  }

  private pgCtl(action: 'start' | 'restart' | 'stop') {
    const data = join(this.directory, 'data');
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run('pg_ctl', ['-D', data, '-o', options, '-l', join(this.directory, 'log'), '-w', '-m', 'fast', action]);
  }

  restart() {
    this.pgCtl('restart');
  }

  stop() {
    try {
      this.pgCtl('stop');
    } finally {
      rmSync(this.directory, { recursive: true, force: true });
    }
  }
}
