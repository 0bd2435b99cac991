import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The variable names the config schema declares (src/config.ts), read from its source. */
function configVariables(): string[] {
  const source = read('src/config.ts');
  const start = source.indexOf('const ConfigSchema = z.object({');
  const schema = source.slice(start, source.indexOf('\n});', start));
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] as string);
}

/** `NAME=value` lines of .env.example, commented-out ones (`# NAME=…`) separately. */
function envExample() {
  const set: Record<string, string> = {};
  const commented = new Set<string>();
  for (const line of read('.env.example').split('\n')) {
    const active = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (active) set[active[1] as string] = active[2] as string;
    const inactive = /^# ?([A-Z][A-Z0-9_]*)=/.exec(line);
    if (inactive) commented.add(inactive[1] as string);
  }
  return { set, commented };
}

describe('.env.example and README against src/config.ts', () => {
  it('finds the config variables', () => {
    expect(configVariables()).toEqual(expect.arrayContaining(['NODE_ENV', 'DATABASE_URL', 'JWT_SECRET']));
  });

  it('lists every config variable, each with a comment above it', () => {
    const { set, commented } = envExample();
    const lines = read('.env.example').split('\n');
    for (const name of configVariables()) {
      expect(name in set || commented.has(name), `${name} in .env.example`).toBe(true);
      const at = lines.findIndex(
        (line) => line.startsWith(`${name}=`) || (/^# ?[A-Z]/.test(line) && line.includes(`${name}=`)),
      );
      expect(lines[at - 1]?.startsWith('#'), `comment above ${name}`).toBe(true);
    }
    for (const name of [...Object.keys(set), ...commented]) {
      expect(configVariables(), `${name} is a real variable`).toContain(name);
    }
  });

  it('holds values the config accepts, equal to its defaults', () => {
    const secrets = { JWT_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') };
    const fromExample = loadConfig({ ...envExample().set, ...secrets });
    expect(fromExample).toEqual(loadConfig(secrets));
  });

  it('documents every config variable in the README configuration table', () => {
    const readme = read('README.md');
    for (const name of configVariables()) expect(readme, `${name} in README.md`).toContain(`\`${name}\``);
  });
});
