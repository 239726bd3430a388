// The board's Storage (flash), for every file the firmware keeps. Espruino's Storage.write
// throws where it cannot write (src/jsflash.c jsfWriteFile: "Unable to find or create
// file" when the flash is full, "File already written with different data" over bytes
// already written): here every write and erase answers true or false instead, so a full
// or failing flash is a refusal or an alarm for the caller, never an internal error that
// halts the firmware.

// Espruino's own module system: Storage is built into the interpreter, not an npm module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const storage = require('Storage');

/** Storage.write that never throws: false when the flash refused the write. */
export function writeFile(name: string, text: string, offset?: number, size?: number): boolean {
  try {
    // A size only on the write that creates a file: Storage takes one then, never after.
    if (size !== undefined) return storage.write(name, text, offset, size) !== false;
    return (offset === undefined ? storage.write(name, text) : storage.write(name, text, offset)) !== false;
  } catch (_e) {
    return false;
  }
}

/** Storage.erase that never throws: false when it failed. */
export function eraseFile(name: string): boolean {
  try {
    storage.erase(name);
    return true;
  } catch (_e) {
    return false;
  }
}
