import type { Deps } from '../../deps.ts';
import { createSettingsRepository } from './settings.repository.ts';
import type { SettingsRow, UpdateSettingsBody } from './settings.schemas.ts';

export const getSettings = (deps: Deps, userId: string): Promise<SettingsRow> =>
  createSettingsRepository(deps.database.db).findOrCreate(userId);

/** Partial: only the fields present change; an empty body just reads (creating the defaults). */
export async function updateSettings(deps: Deps, userId: string, input: UpdateSettingsBody): Promise<SettingsRow> {
  const changes = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as UpdateSettingsBody;
  const repository = createSettingsRepository(deps.database.db);
  if (Object.keys(changes).length === 0) return repository.findOrCreate(userId);
  return repository.upsert(userId, changes);
}
