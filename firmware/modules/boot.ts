// The boot module: power-on code (the board's wiring, the stored calibration, the
// self-test), stored as its own Storage file, evaluated once by main.ts at boot and then
// dropped, so it costs the board no variables while the pump runs. Its value is
// [build id, {wiring, boot}]: a module from another build is refused, and the firmware
// then comes up in FAULT with FIRMWARE_FAULT.

import { BUILD_ID } from 'build-info';
import { bootController } from '../core/boot';
import { boardWiring } from '../hal/boardWiring';
import type { Controller, Outputs } from '../core/controller';
import { clockFromCrystal } from '../hal/clock';
import { takeResetFlags, watchdogCausedReset } from '../hal/watchdog';

/**
 * Power-on with what only the board can tell (its clock, why it reset), read here so none
 * of it stays resident. Not exported: the module's value is its default export alone.
 */
function bootFromBoard(c: Controller, nowMs: number, raw: Float64Array, inputMask: number, firmwareWhole: boolean): Outputs {
  const csr = takeResetFlags();
  return bootController(c, nowMs, clockFromCrystal(), watchdogCausedReset(csr), raw, inputMask, firmwareWhole, csr);
}

export default [BUILD_ID, { wiring: boardWiring, boot: bootFromBoard }];
