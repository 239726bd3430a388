// Calibration settings in the board's Storage (flash). Written only when a calibration is
// saved, so flash wear stays negligible; a write the flash refuses is a refused command.

import { SETTINGS_FILE, SettingsIO } from '../core/settings';
import { storage, writeFile } from './storage';

export const settingsIO: SettingsIO = {
  read: () => storage.read(SETTINGS_FILE),
  write: (text: string) => writeFile(SETTINGS_FILE, text),
  crc32: (text: string) => E.CRC32(text),
};
