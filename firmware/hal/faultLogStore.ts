// The fault log's files in the board's Storage (flash), for core/faultLog.ts.

import { FaultLogIO } from '../core/safety/faultLog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = require('Storage');

export const faultLogIO: FaultLogIO = {
  read: (name: string) => storage.read(name),
  // A size only on the write that creates the file: Storage takes one then, never after.
  write: (name: string, text: string, offset: number, size?: number) =>
    size === undefined ? storage.write(name, text, offset) : storage.write(name, text, offset, size),
  erase: (name: string) => storage.erase(name),
  crc32: (text: string) => E.CRC32(text),
};
