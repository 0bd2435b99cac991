import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Target {
  name: string;
  url: string;
  process: ChildProcess;
}

/** Starts a Node server (`node --import tsx <entry>`) and waits until `/healthz` answers. */
export async function startServer(name: string, entry: string, port: number, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  while (Date.now() - startedAt < 60_000) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { name, url, process: child } satisfies Target;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not start within 60 s`);
}

export async function stopServer(target: Target) {
  if (target.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    target.process.once('exit', () => resolve());
    target.process.kill('SIGTERM');
  });
}

const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in milliseconds (from /proc, Linux only). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time of every PostgreSQL server process on this machine, in milliseconds. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += cpuMs(Number(entry));
    } catch {}
  }
  return total;
}
