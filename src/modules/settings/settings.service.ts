import type { Executor } from '../../db/database.ts';
import { createSettingsRepository, type SettingsRow } from './settings.repository.ts';
import type { UpdateSettingsBody } from './settings.schemas.ts';

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService({ db }: { db: Executor }) {
  const repository = createSettingsRepository(db);
  return {
    get: (userId: string): Promise<SettingsRow> => repository.findOrCreate(userId),

    /** Partial: only the fields present change; an empty body just reads (creating the defaults). */
    async update(userId: string, input: UpdateSettingsBody): Promise<SettingsRow> {
      const changes = Object.fromEntries(
        Object.entries(input).filter(([, value]) => value !== undefined),
      ) as UpdateSettingsBody;
      if (Object.keys(changes).length === 0) return repository.findOrCreate(userId);
      return repository.upsert(userId, changes);
    },
  };
}
