// Pressure servo, once a second while perfusing with a systemic pressure (p_sys): keeps
// the limb's mean pressure (p_limb, or p_art less the cannula's drop at this flow) at
// least the profile's margin below systemic by capping the flow, down to the profile's
// lowest flow; PRESSURE_GAP when even that does not hold it for SERVO_GAP_S.

import type { Controller } from '../controller';
import { A_PRESSURE_GAP } from '../safety/alarms';
import { CH_P_SYS } from '../channels';
import { STATE_PERFUSING } from '../states';
import { formatFixed } from '../text';

/**
 * The flow cap moves by this much per second per mmHg the limb is above its ceiling
 * (p_sys less the profile's margin). The limb's pressure follows the flow at about 0.2
 * mmHg per mL/min (ILP leg), so the loop closes with a time constant of about 15 s, three
 * times the pressure means' own lag: no oscillation.
 */
export const SERVO_ML_MIN_PER_MMHG_S = 0.3;
/** Below the ceiling by more than this, the cap moves back up toward the setpoint; within it, it holds. */
export const SERVO_BAND_MMHG = 3;
/** Seconds at the lowest flow still above the ceiling before PRESSURE_GAP. */
export const SERVO_GAP_S = 30;

export class Servo {
  /** The flow cap (Infinity = none). */
  capMlMin = Infinity;
  /** Seconds the servo has failed at the lowest flow. */
  private failS = 0;

  constructor(private readonly c: Controller) {}

  second(nowMs: number): void {
    const c = this.c;
    const p = c.profile;
    if (!(p.pSysMarginMmHg > 0 && c.state === STATE_PERFUSING)) {
      this.capMlMin = Infinity;
      return;
    }
    const sensing = c.sensing;
    const sys = sensing.readings[CH_P_SYS];
    const limbMean = sensing.pLimbMeanMmHg;
    const limb = limbMean === limbMean ? limbMean : sensing.pArtMeanMmHg - p.cannulaMmHgPerMlMin * c.pump.flowMlMin;
    if (sys !== sys || limb !== limb) {
      this.capMlMin = Infinity;
      return;
    }
    const excess = limb - (sys - p.pSysMarginMmHg);
    let cap = this.capMlMin < c.flowSetMlMin ? this.capMlMin : c.flowSetMlMin;
    if (excess > 0) cap -= SERVO_ML_MIN_PER_MMHG_S * excess;
    else if (excess < -SERVO_BAND_MMHG) cap -= SERVO_ML_MIN_PER_MMHG_S * (excess + SERVO_BAND_MMHG);
    if (cap <= p.flowMinMlMin) cap = p.flowMinMlMin;
    this.capMlMin = cap >= c.flowSetMlMin ? Infinity : cap;
    if (cap === p.flowMinMlMin && excess > SERVO_BAND_MMHG) {
      if (++this.failS === SERVO_GAP_S) {
        c.alarms.raiseWith(A_PRESSURE_GAP, nowMs, ',"limb":' + formatFixed(limb, 0) + ',"p_sys":' + formatFixed(sys, 0) + ',"limit":' + p.pSysMarginMmHg);
      }
    } else {
      this.failS = 0;
      c.alarms.gone(A_PRESSURE_GAP);
    }
  }
}
