// Calibration settings in the board's Storage (flash). Written only when a calibration is
// saved or the tubing set changes, so flash wear stays negligible.

import { SETTINGS_FILE, SettingsIO } from '../core/settings';

// Espruino's own module system: Storage is built into the firmware, not an npm module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = require('Storage');

export const settingsIO: SettingsIO = {
  read: () => storage.read(SETTINGS_FILE),
  write: (text: string) => storage.write(SETTINGS_FILE, text),
  crc32: (text: string) => E.CRC32(text),
};
