import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigSource } from './config.ts';

interface DevSecrets {
  JWT_SECRET: string;
  ENCRYPTION_KEY: string;
}

/**
 * Outside production, fills JWT_SECRET and ENCRYPTION_KEY from `<dataDir>/secrets.json`, creating
 * that file (mode 0600) once, so tokens and stored keys survive restarts with nothing configured.
 * In production it changes nothing: the config check then refuses to start without them.
 */
export async function withDevSecrets(source: ConfigSource): Promise<ConfigSource> {
  if (source.NODE_ENV === 'production' || (source.JWT_SECRET && source.ENCRYPTION_KEY)) return source;
  const dataDir = source.DATA_DIR || './.data';
  const file = join(dataDir, 'secrets.json');
  let secrets: DevSecrets;
  try {
    secrets = JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } catch {
    secrets = {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    ...source,
    JWT_SECRET: source.JWT_SECRET || secrets.JWT_SECRET,
    ENCRYPTION_KEY: source.ENCRYPTION_KEY || secrets.ENCRYPTION_KEY,
  };
}
