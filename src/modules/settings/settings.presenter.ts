import type { SettingsRow } from './settings.repository.ts';
import type { SettingsResponse } from './settings.schemas.ts';

export const toSettingsResponse = (row: SettingsRow): SettingsResponse => ({
  defaultProvider: row.defaultProvider,
  focusKeyphrase: row.focusKeyphrase,
  preferences: row.preferences,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
