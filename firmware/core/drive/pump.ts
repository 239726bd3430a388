// The roller pump as the controller drives it: the flow programmed into the step timer
// (the ramp's position), the driver's enable, the volume delivered, the tubing in the
// head with its stroke volume, and the timed-collection run that calibrates it.

import type { Controller } from '../controller';
import { DEFAULT_TUBING, TUBING_NAMES, TUBING_STROKE_ML, rampToward, stepsPerMl } from './pumpDrive';
import { eventLine, quote } from '../format';
import { STATE_IDLE } from '../states';
import { formatFixed } from '../text';

/** Head speed of a calibration run, rev/min, and the revolutions it turns by default. */
export const CALIBRATION_RPM = 10;
export const CALIBRATION_REVS_DEFAULT = 10;
export const CALIBRATION_REVS_MAX = 50;

export class Pump {
  /** Flow currently programmed into the step timer (the ramp's position), mL/min. */
  flowMlMin = 0;
  enabled = false;
  /** Volume delivered since boot, integrated from the programmed flow, mL. */
  volumeMl = 0;
  /** Tubing set in use (index into TUBING_NAMES) and its stroke volume, mL/rev. */
  tubingInUse = DEFAULT_TUBING;
  strokeMlPerRev = TUBING_STROKE_ML[DEFAULT_TUBING];
  /** STEP Hz per mL/min for the tubing in use. */
  stepHzPerMlMin = 0;
  /** Head revolutions programmed during a calibration run, its target, and whether `collected` is awaited. */
  calibrationRevs = 0;
  calibrationTarget = 0;
  awaitingCollected = false;
  /** Since when the programmed flow has held (the volume is integrated up to then). */
  flowSinceMs = 0;

  constructor(private readonly c: Controller) {
    this.setStroke(this.strokeMlPerRev);
  }

  setStroke(strokeMlPerRev: number): void {
    this.strokeMlPerRev = strokeMlPerRev;
    const g = this.c.geometry;
    this.stepHzPerMlMin = stepsPerMl({
      strokeMlPerRev, motorStepsPerRev: g.motorStepsPerRev, microsteps: g.microsteps, gearRatio: g.gearRatio, accelMlMinPerS: g.accelMlMinPerS,
    }) / 60;
  }

  /** STEP frequency for the programmed flow. */
  stepHz(): number {
    return this.flowMlMin * this.stepHzPerMlMin;
  }

  /** Adds the volume pumped at the programmed flow since the last change. */
  integrateTo(nowMs: number): void {
    if (nowMs > this.flowSinceMs) this.volumeMl += (this.flowMlMin * (nowMs - this.flowSinceMs)) / 60000;
    this.flowSinceMs = nowMs;
  }

  setFlow(flowMlMin: number, nowMs: number): void {
    if (flowMlMin === this.flowMlMin) return;
    this.integrateTo(nowMs);
    this.flowMlMin = flowMlMin;
  }

  /** Interlock stop: no ramp, STEP low and the driver disabled at once. */
  stop(nowMs: number): void {
    this.setFlow(0, nowMs);
    this.enabled = false;
  }

  /** One tick of the acceleration-limited ramp toward `targetMlMin`. */
  ramp(nowMs: number, dtMs: number, targetMlMin: number): void {
    const next = rampToward(this.flowMlMin, targetMlMin, dtMs, this.c.geometry.accelMlMinPerS);
    this.setFlow(next, nowMs);
    this.enabled = next > 0;
  }

  /** Counts the head revolutions a calibration run programs, ramps included; ends the run (IDLE) once stopped. */
  updateCalibration(dtMs: number): void {
    this.calibrationRevs += (this.flowMlMin * dtMs) / 60000 / this.strokeMlPerRev;
    if (this.calibrationRevs < this.calibrationTarget || this.flowMlMin > 0) return;
    this.awaitingCollected = true;
    this.c.setState(STATE_IDLE);
    this.c.emit(eventLine('calibration', '{"tubing":' + quote(TUBING_NAMES[this.tubingInUse]) + ',"revs":' + formatFixed(this.calibrationRevs, 3) +
      ',"next":"collected <mL>"}'));
  }
}
