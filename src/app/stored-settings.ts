/** Settings kept in this browser's localStorage, by key. */
export const SETTING_KEYS = {
  modelHost: 'cliptag.modelHost',
  model: 'cliptag.model',
} as const;

type SettingKey = (typeof SETTING_KEYS)[keyof typeof SETTING_KEYS];

export function readSetting(key: SettingKey): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage can be off (private modes); settings then last only for this visit.
  }
}

export function writeSetting(key: SettingKey, value: string | null): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // As above: without storage the choice still applies now.
  }
}
