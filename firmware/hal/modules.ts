// Code that lives in Storage and runs only when needed (firmware/modules/): read from
// flash and evaluated on each use, so none of it holds variables between uses. A module
// that is missing, does not evaluate, or comes from another build gives null: the caller
// answers with an error and the board runs on.

import { BUILD_ID } from 'build-info';

export { BOOT_MODULE, COMMAND_MODULE } from 'build-info';

import { storage } from './storage';

export function loadModule(name: string): unknown {
  const code = storage.read(name);
  if (code === undefined) return null;
  let value: unknown;
  try {
    // Indirect, so the minifier may still shorten this bundle's names (a direct eval could
    // read them); the module is one self-contained expression and needs none of them.
    value = (0, eval)(code);
  } catch (_e) {
    return null;
  }
  const pair = value as unknown[];
  return pair && pair[0] === BUILD_ID ? pair[1] : null;
}
