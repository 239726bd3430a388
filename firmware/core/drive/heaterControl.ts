// Closed-loop heater control: the perfusate temperature (t_art) toward its target, by the
// heater's duty (0..1) into the heat exchanger's water. A PI controller, with two limits
// that override it: the limb tissue must not pass its ceiling (the target is pulled down
// as the warmest probe approaches it), and the water must not reach its hard limit (the
// duty is cut as the water nears it). One function and a two-number state, so the
// interpreter keeps it in a handful of variables.

/** Duty per degC of error. */
export const HEATER_KP_PER_C = 0.5;
/**
 * Integral time, s: about the water's time constant (800 W into 4 L, about 4 min), so
 * the integral removes the offset the water's losses leave without winding past it.
 */
export const HEATER_TI_S = 240;
/** Largest share of the duty the integral may hold (anti-windup). */
export const HEATER_INTEGRAL_MAX = 0.6;
/** The target comes down by this much per degC the warmest tissue probe is above its ceiling. */
export const TISSUE_PULLDOWN_PER_C = 4;
/** The duty falls to 0 over this many degC below the water's ceiling. */
export const WATER_BAND_C = 2;

/** State kept between calls: [0] the integral's share of the duty. */
export const HEATER_STATE_LENGTH = 1;

/**
 * The duty for this control step. `state` carries the integral (zero it to restart);
 * `dtS` the time since the last step; NaN readings: tissue and water are then not
 * limiting, a NaN perfusate temperature gives 0 (the sensor checks handle the fault).
 */
export function heaterDuty(
  state: Float64Array, dtS: number, targetC: number, tArtC: number, tissueC: number, tissueCeilC: number, waterC: number, waterCeilC: number,
): number {
  if (!(targetC > 0) || tArtC !== tArtC) {
    state[0] = 0;
    return 0;
  }
  let target = targetC;
  // The tissue is what the treatment must not overheat; the perfusate is only the means.
  if (tissueC > tissueCeilC) target -= (tissueC - tissueCeilC) * TISSUE_PULLDOWN_PER_C;
  const error = target - tArtC;
  const p = error * HEATER_KP_PER_C;
  let integral = state[0];
  const unclamped = p + integral;
  // No windup: while the duty is held at full and still too cold (the warm-up), the
  // integral does not grow. Above the target it may always fall (it is clamped at 0).
  if (!(unclamped >= 1 && error > 0)) {
    integral += (HEATER_KP_PER_C / HEATER_TI_S) * error * dtS;
    if (integral > HEATER_INTEGRAL_MAX) integral = HEATER_INTEGRAL_MAX;
    else if (integral < 0) integral = 0;
  }
  state[0] = integral;
  let duty = p + integral;
  // The water's ceiling: a linear cut over the last WATER_BAND_C below it.
  const waterRoom = (waterCeilC - waterC) / WATER_BAND_C;
  if (waterRoom < duty) duty = waterRoom;
  return duty <= 0 ? 0 : duty >= 1 ? 1 : Math.round(duty * 100) / 100;
}
