// The fault log's files in the board's Storage (flash), for core/safety/faultLog.ts. A write
// the flash refuses is a dropped record (and the STORAGE_FAULT alarm), never a halt.

import { FaultLogIO } from '../core/safety/faultLog';
import { eraseFile, storage, writeFile } from './storage';

export const faultLogIO: FaultLogIO = {
  read: (name: string) => storage.read(name),
  write: (name: string, text: string, offset: number, size?: number) => writeFile(name, text, offset, size),
  erase: (name: string) => {
    eraseFile(name);
  },
  crc32: (text: string) => E.CRC32(text),
};
