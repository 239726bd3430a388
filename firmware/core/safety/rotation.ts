// The pump head's rotation against what the drive programs, from the encoder's pulses.
// PUMP_STALL: driven, but no encoder pulse while STALL_MISSING_PULSES were due.
// PUMP_SPEED: over a window, the pulses counted differ from those the programmed flow
// implies by more than SPEED_TOLERANCE (runaway or slipping head). The expected count is
// integrated from the flow actually programmed each tick, so ramps do not trip it.

import type { Controller } from '../controller';
import { A_PUMP_SPEED, A_PUMP_STALL } from './alarms';
import { STALL_MIN_MS, STALL_MISSING_PULSES } from '../drive/pumpDrive';

/** Window over which encoder pulses are compared with the programmed flow. */
export const SPEED_WINDOW_MS = 2000;
/** Measured/expected pulses outside 1 +- this over a steady window: PUMP_SPEED. */
export const SPEED_TOLERANCE = 0.2;

export class Rotation {
  private encoderLast = 0;
  private lastPulseMs = 0;
  private expectedSincePulse = 0;
  private windowStartMs = 0;
  private windowPulses = 0;
  private windowExpected = 0;

  constructor(private readonly c: Controller) {}

  /** One control tick: `encoderPulses` is the running count since boot. */
  check(nowMs: number, dtMs: number, encoderPulses: number): void {
    const c = this.c;
    const pump = c.pump;
    const alarms = c.alarms;
    const pulses = encoderPulses - this.encoderLast;
    this.encoderLast = encoderPulses;
    const driven = pump.enabled && pump.flowMlMin > 0;
    if (!driven) {
      // Rotation can only be judged while driven: a stopped pump clears the condition, so
      // ack is possible; a head still blocked trips again on the next start. The tests of
      // `present` only save a call: gone() returns at once when the condition is absent.
      // Stryker disable next-line ConditionalExpression: equivalent when always true (gone() tests present itself)
      if (alarms.present[A_PUMP_STALL]) alarms.gone(A_PUMP_STALL);
      // Stryker disable next-line ConditionalExpression: equivalent when always true (gone() tests present itself)
      if (alarms.present[A_PUMP_SPEED]) alarms.gone(A_PUMP_SPEED);
      this.lastPulseMs = nowMs;
      this.expectedSincePulse = 0;
      this.windowStartMs = nowMs;
      this.windowPulses = 0;
      this.windowExpected = 0;
      return;
    }
    const expected = ((pump.flowMlMin * dtMs) / 60000 / pump.strokeMlPerRev) * c.geometry.encoderPulsesPerRev;
    if (pulses > 0) {
      this.lastPulseMs = nowMs;
      this.expectedSincePulse = 0;
    } else {
      this.expectedSincePulse += expected;
      if (this.expectedSincePulse >= STALL_MISSING_PULSES && nowMs - this.lastPulseMs >= STALL_MIN_MS) {
        alarms.raise(A_PUMP_STALL, nowMs);
        return;
      }
    }
    this.windowPulses += pulses;
    this.windowExpected += expected;
    if (nowMs - this.windowStartMs < SPEED_WINDOW_MS) return;
    // Too few pulses expected to judge (slow flow): keep counting.
    if (this.windowExpected >= 20) {
      const ratio = this.windowPulses / this.windowExpected;
      if (ratio > 1 + SPEED_TOLERANCE || ratio < 1 - SPEED_TOLERANCE) alarms.raise(A_PUMP_SPEED, nowMs);
      this.windowStartMs = nowMs;
      this.windowPulses = 0;
      this.windowExpected = 0;
    }
  }
}
