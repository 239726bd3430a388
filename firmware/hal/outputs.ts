// Pump driver and heater pins. Every output has one documented safe state, registered
// with the shutdown path (safeState.ts): driver disabled and STEP low, heater off.
// The driver's enable input must also be pulled to "disabled" in hardware, because pins
// are high-impedance inputs from reset until this code runs.

import { registerSafeState } from './safeState';
import {
  AIR_TEST_ACTIVE_HIGH, AIR_TEST_PIN, DIR_FORWARD_HIGH, DIR_PIN, ENABLE_ACTIVE_LOW, ENABLE_PIN, HEATER_ACTIVE_HIGH, HEATER_PIN, HEATER_PWM_HZ, STEP_PIN,
} from 'board-config';

let programmedStepHz = -1;
let programmedHeaterDuty = -1;
/** -1 = unknown (forces the next write), 0 = disabled, 1 = enabled. */
let driverState = -1;

export function setDriverEnabled(enabled: boolean): void {
  const state = enabled ? 1 : 0;
  if (state === driverState) return;
  driverState = state;
  digitalWrite(ENABLE_PIN, enabled !== ENABLE_ACTIVE_LOW);
}

/** Programs the STEP timer; the hardware timer makes the pulses, with no CPU and no jitter. */
export function setStepHz(stepHz: number): void {
  if (stepHz === programmedStepHz) return;
  programmedStepHz = stepHz;
  if (stepHz > 0) analogWrite(STEP_PIN, 0.5, { freq: stepHz });
  else digitalWrite(STEP_PIN, 0);
}

/**
 * Dead-man of the heater output: a heater left on must be confirmed by every control
 * cycle (applyOutputs). If the cycles stop while the interpreter still runs (a lost
 * interval, a conversion sequence that never ends), the heater goes off 800 ms after the
 * last confirmation: before the watchdog (1 s) resets the board.
 */
export const HEATER_DEADMAN_MS = 800;
let deadman: number | null = null;

function heaterDeadmanExpired(): void {
  deadman = null;
  programmedHeaterDuty = 0;
  digitalWrite(HEATER_PIN, !HEATER_ACTIVE_HIGH);
}

export function setHeaterDuty(duty: number): void {
  if (deadman !== null) clearTimeout(deadman);
  deadman = duty > 0 ? setTimeout(heaterDeadmanExpired, HEATER_DEADMAN_MS) : null;
  if (duty === programmedHeaterDuty) return;
  programmedHeaterDuty = duty;
  if (duty <= 0) digitalWrite(HEATER_PIN, !HEATER_ACTIVE_HIGH);
  else analogWrite(HEATER_PIN, HEATER_ACTIVE_HIGH ? duty : 1 - duty, { freq: HEATER_PWM_HZ });
}

/** The air detector's test input: driven only while the self-test asks for air. */
let airTestDriven = -1;
export function setAirTest(on: boolean): void {
  const level = on === AIR_TEST_ACTIVE_HIGH ? 1 : 0;
  if (level === airTestDriven) return;
  airTestDriven = level;
  digitalWrite(AIR_TEST_PIN, level);
}

/** Safe state of the pump and the heater (and the detector's test input released). */
function pumpAndHeaterSafe(): void {
  programmedStepHz = -1;
  programmedHeaterDuty = -1;
  driverState = -1;
  setStepHz(0);
  setDriverEnabled(false);
  setHeaterDuty(0);
  // Forward only: the direction pin is set once and never changed (or strapped in hardware).
  if (DIR_PIN !== null) digitalWrite(DIR_PIN, DIR_FORWARD_HIGH);
  airTestDriven = -1;
  setAirTest(false);
}

registerSafeState(pumpAndHeaterSafe);
