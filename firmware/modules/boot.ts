// The boot module: power-on code (the board's wiring, the stored calibration, the
// self-test), stored as its own Storage file, evaluated once by main.ts at boot and then
// dropped, so it costs the board no variables while the pump runs. Its value is
// [build id, {wiring, boot}]: a module from another build is refused, and the firmware
// then comes up in FAULT with FIRMWARE_FAULT.

import { BUILD_ID } from 'build-info';
import { bootController } from '../core/boot';
import { boardWiring } from '../hal/boardWiring';

export default [BUILD_ID, { wiring: boardWiring, boot: bootController }];
