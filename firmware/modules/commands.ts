// The command module: the whole command port (table, parsing, handlers, replies), stored
// as its own Storage file and loaded by firmware/hal/modules.ts when a command line
// arrives. It holds nothing between commands, so its code costs the board no variables
// while it is not running. Its value is [build id, handler]: a module from another
// build (a torn upload) is refused, never run against this build's objects.

import { BUILD_ID } from 'build-info';
import type { Controller } from '../core/controller';
import { command } from '../core/commands/table';
import { saveCase } from '../core/procedure/caseRecord';

function commandModule(c: Controller, line: string, nowMs: number): string {
  return command(c, line, nowMs);
}
// The case record is written from here too (main.ts, when the tick says it is due).
commandModule.saveCase = saveCase;

export default [BUILD_ID, commandModule];
