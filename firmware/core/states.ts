// The states of the pump (interface contract section 4) and the interlock engine's bit for
// each: the states an interlock row is armed in (safety/interlocks.ts).

import { ARMED_CALIBRATING, ARMED_FAULT, ARMED_IDLE, ARMED_PERFUSING, ARMED_PRIMING } from './safety/interlocks';

export const STATE_BOOT = 'BOOT';
export const STATE_IDLE = 'IDLE';
export const STATE_PRIMING = 'PRIMING';
export const STATE_PERFUSING = 'PERFUSING';
export const STATE_FAULT = 'FAULT';
/** Timed collection: the pump turns a set number of head revolutions for calibration. */
export const STATE_CALIBRATING = 'CALIBRATING';

/** The interlock engine's bit for a state (see interlocks.ts). */
export function stateBit(state: string): number {
  if (state === STATE_IDLE) return ARMED_IDLE;
  if (state === STATE_PRIMING) return ARMED_PRIMING;
  if (state === STATE_PERFUSING) return ARMED_PERFUSING;
  if (state === STATE_CALIBRATING) return ARMED_CALIBRATING;
  if (state === STATE_FAULT) return ARMED_FAULT;
  return 0;
}
