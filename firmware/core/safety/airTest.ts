// The air detector's self-test: at power-on and every time the pump comes to rest in IDLE,
// the firmware drives the detector's test input (a healthy detector then reports air, seen
// by its pin watch within the debounce time), releases it as soon as the air is reported
// (liquid again, a few ms later), and only then lets `prime` and `start` run the pump: the
// test takes some 5 ms. An answer missing for AIR_TEST_TIMEOUT_MS is a failure. A detector that does not answer, or keeps reporting air, is
// AIR_DETECTOR_FAULT: the pump is not started on a detector nobody knows works. A detector
// that dies later, while pumping, reads as air through its supervised line (hal/inputs.ts).

import type { Controller } from '../controller';
import { A_AIR_DETECTOR_FAULT } from './alarms';
import { IN_BUBBLE } from '../channels';
import { STATE_IDLE } from '../states';

/** To run at the next tick where the pump is at rest in IDLE and the line reads liquid. */
export const AIR_TEST_PENDING = 0;
/** The test input driven: the detector must report air by the next tick. */
export const AIR_TEST_ASSERTED = 1;
/** The test input released: the detector must read liquid again by the next tick. */
export const AIR_TEST_RELEASED = 2;
export const AIR_TEST_PASSED = 3;
export const AIR_TEST_FAILED = 4;
/**
 * Longest wait for each answer. A detector answers within a few ms (its own response and
 * the input's 2 ms debounce); a tick or more without one is a detector that cannot.
 */
export const AIR_TEST_TIMEOUT_MS = 150;

/**
 * Starts the test now if the pump is at rest and the line reads liquid; else the tick
 * will. `nowMs` -1: not known here (a state change), the wait counts from the next tick.
 */
export function airTestStart(c: Controller, nowMs: number): void {
  c.airTest = AIR_TEST_PENDING;
  if (c.state === STATE_IDLE && !c.isPumping() && c.inputs[IN_BUBBLE] === 0) {
    c.airTest = AIR_TEST_ASSERTED;
    c.airTestSinceMs = nowMs;
  }
}

/** The detector's answer while the test runs (its pin watch, or the tick's poll). */
export function airTestAnswer(c: Controller, air: boolean, nowMs: number): void {
  // Asserted: the detector must say air; released: liquid.
  if (air !== (c.airTest === AIR_TEST_ASSERTED)) return;
  c.airTest++;
  c.airTestSinceMs = nowMs;
}

/** The self-test's step on the tick: start it, or fail an answer that did not come. */
export function airTestStep(c: Controller, nowMs: number): void {
  const phase = c.airTest;
  if (phase >= AIR_TEST_PASSED) return;
  if (phase === AIR_TEST_PENDING) {
    airTestStart(c, nowMs);
    return;
  }
  if (c.airTestSinceMs < 0) c.airTestSinceMs = nowMs;
  if (nowMs - c.airTestSinceMs < AIR_TEST_TIMEOUT_MS) return;
  c.airTest = AIR_TEST_FAILED;
  c.alarms.raise(A_AIR_DETECTOR_FAULT, nowMs);
}

/** Why `prime` or `start` from IDLE must wait for the self-test, or ''. */
export function airTestRefusal(phase: number): string {
  if (phase === AIR_TEST_PASSED) return '';
  if (phase === AIR_TEST_FAILED) return 'air detector self-test failed: check the detector, then ack to test again';
  return 'air detector self-test running: send again in a second';
}
