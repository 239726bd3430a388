// The heater as the controller drives it: the PI control's duty toward the perfusate
// target (heaterControl.ts) on every thermal tick while the circuit runs, forced to 0 by
// any alarm that wants it off, and the runaway guard (safety/heaterGuard.ts) watching it.

import type { Controller } from '../controller';
import { A_HEATER_FAULT } from '../safety/alarms';
import { HeaterGuard } from '../safety/heaterGuard';
import { CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER } from '../channels';
import { HEATER_STATE_LENGTH, heaterDuty } from './heaterControl';
import { STATE_PERFUSING, STATE_PRIMING } from '../states';
import { quote } from '../format';
import { fixedOrNull } from '../text';

/**
 * The heater control keeps the warmest tissue probe and the water this far below their
 * hard limits (T_TISSUE_HIGH, T_WATER_HIGH): for ILP leg 40 degC tissue (melphalan: tissue
 * above 39 but not above 40) and 44 degC water.
 */
export const TISSUE_CEILING_MARGIN_C = 1;
export const WATER_CEILING_MARGIN_C = 1;
/**
 * Duty from which the heater counts as heating hard for its runaway guard: a heater
 * nudged gently near the target need not raise the temperature within the guard's window.
 */
const GUARD_HEATING_DUTY = 0.5;

export class Heater {
  duty = 0;
  /** Runaway protection of the heater; `guarding` = it has the target. */
  readonly guard = new HeaterGuard();
  guarding = false;
  /** The heater control's state (heaterControl.ts) and the time of its last step. */
  private readonly control = new Float64Array(HEATER_STATE_LENGTH);
  private stepMs = 0;

  constructor(private readonly c: Controller) {}

  /** A new target: the runaway guard starts again, so a setpoint change never trips it. */
  setTarget(targetC: number, nowMs: number): void {
    if (this.guarding) this.guard.setTarget(targetC, nowMs);
  }

  /** Heater duty from the perfusate temperature; computed on thermal ticks, when the temperatures are new. */
  update(nowMs: number, thermal: boolean): void {
    const c = this.c;
    const readings = c.sensing.readings;
    const alarms = c.alarms;
    const tArt = readings[CH_T_ART];
    const heating = c.state === STATE_PRIMING || c.state === STATE_PERFUSING;
    if (!heating) {
      this.duty = 0;
      if (this.guarding) this.guard.stop(nowMs);
      this.guarding = false;
      return;
    }
    if (!this.guarding) {
      this.guard.setTarget(c.tempSetC, nowMs);
      this.control[0] = 0;
    }
    this.guarding = true;
    if (!thermal) {
      // Same temperature as on the last thermal tick: same duty, unless the heater must go off now.
      if (alarms.heaterOffCount > 0 || tArt !== tArt) this.duty = 0;
      return;
    }
    const dtS = (nowMs - this.stepMs) / 1000;
    this.stepMs = nowMs;
    if (alarms.heaterOffCount > 0 || tArt !== tArt) {
      this.duty = 0;
      this.control[0] = 0;
    } else {
      // The warmest tissue probe; a probe without a reading does not limit (its fault turns the heater off).
      const prox = readings[CH_T_PROX];
      const dist = readings[CH_T_DIST];
      const tissue = prox !== prox || dist > prox ? dist : prox;
      const p = c.profile;
      this.duty = heaterDuty(this.control, dtS > 0 && dtS < 5 ? dtS : 0, c.tempSetC, tArt,
        tissue, p.tTissueHighC - TISSUE_CEILING_MARGIN_C, readings[CH_T_WATER], p.tWaterHighC - WATER_CEILING_MARGIN_C);
    }
    if (this.guard.update(nowMs, tArt, this.duty >= GUARD_HEATING_DUTY)) {
      alarms.record(A_HEATER_FAULT, nowMs, CH_T_ART, NaN, tArt, c.tempSetC);
      alarms.raiseWith(A_HEATER_FAULT, nowMs, ',"cause":' + quote(this.guard.cause) + ',"value":' + fixedOrNull(tArt, 2) +
        ',"limit":' + c.tempSetC);
      // The guard latches its trip; ack resets it.
      alarms.present[A_HEATER_FAULT] = 0;
      alarms.recount();
      this.duty = 0;
    }
  }
}
