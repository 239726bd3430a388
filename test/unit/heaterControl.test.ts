// The heater's PI control on the pure core: proportional and integral action, no windup
// while saturated, the integral's clamp, the tissue ceiling pulling the target down, the
// water ceiling cutting the duty, and what a missing reading does.
import {
  HEATER_INTEGRAL_MAX, HEATER_KP_PER_C, HEATER_STATE_LENGTH, HEATER_TI_S, TISSUE_PULLDOWN_PER_C, WATER_BAND_C, heaterDuty,
} from '../../firmware/core/drive/heaterControl';

const fresh = () => new Float64Array(HEATER_STATE_LENGTH);
/** One step with the tissue and the water far from their ceilings. */
const step = (state: Float64Array, dtS: number, target: number, tArt: number) => heaterDuty(state, dtS, target, tArt, 37, 40, 38, 44);

describe('heater control', () => {
  it('is proportional to the error on the first step, rounded to a hundredth', () => {
    expect(step(fresh(), 0, 40, 39.5)).toBe(Math.round(0.5 * HEATER_KP_PER_C * 100) / 100);
    expect(step(fresh(), 0, 40, 40.5)).toBe(0);
    expect(step(fresh(), 0, 40, 30)).toBe(1);
  });

  it('integrates the error over time (integral time HEATER_TI_S)', () => {
    const state = fresh();
    step(state, 10, 40, 39.8);
    expect(state[0]).toBeCloseTo((HEATER_KP_PER_C / HEATER_TI_S) * 0.2 * 10, 12);
    // At the target the proportional part is 0 and the integral holds the duty.
    expect(step(state, 10, 40, 40)).toBe(Math.round(state[0] * 100) / 100);
  });

  it('does not wind up while the duty is saturated (the warm-up), so it does not overshoot after it', () => {
    const state = fresh();
    for (let i = 0; i < 600; i++) expect(step(state, 1, 40, 36)).toBe(1);
    expect(state[0]).toBe(0);
    const settled = fresh();
    for (let i = 0; i < 5000; i++) step(settled, 1, 40, 39.9);
    expect(settled[0]).toBe(HEATER_INTEGRAL_MAX);
  });

  it('counts the integral in the duty and in the saturation test', () => {
    const state = fresh();
    state[0] = 0.3;
    // At the target the integral alone holds the duty.
    expect(step(state, 0, 40, 40)).toBe(0.3);
    // 1.2 degC cold: 0.6 proportional + 0.5 integral saturate the duty, so the integral holds.
    state[0] = 0.5;
    expect(step(state, 10, 40, 38.8)).toBe(1);
    expect(state[0]).toBe(0.5);
    // Exactly saturated (0.5 + 0.5): held too.
    expect(step(state, 10, 40, 39)).toBe(1);
    expect(state[0]).toBe(0.5);
  });

  it('lets the integral fall while above the target, never below 0', () => {
    const state = fresh();
    state[0] = 0.3;
    step(state, 10, 40, 40.2);
    expect(state[0]).toBeLessThan(0.3);
    for (let i = 0; i < 1000; i++) step(state, 10, 40, 41);
    expect(state[0]).toBe(0);
  });

  it('pulls the target down as the warmest tissue passes its ceiling', () => {
    // Tissue 0.25 degC over its 40 degC ceiling: the target drops by 0.25 x TISSUE_PULLDOWN_PER_C.
    const target = 41 - 0.25 * TISSUE_PULLDOWN_PER_C;
    expect(heaterDuty(fresh(), 0, 41, 39.5, 40.25, 40, 38, 44)).toBe(Math.round((target - 39.5) * HEATER_KP_PER_C * 100) / 100);
    expect(heaterDuty(fresh(), 0, 41, 39.5, 40.6, 40, 38, 44)).toBe(0);
  });

  it('cuts the duty over the last WATER_BAND_C below the water ceiling', () => {
    expect(heaterDuty(fresh(), 0, 40, 36, 37, 40, 44 - WATER_BAND_C / 2, 44)).toBe(0.5);
    expect(heaterDuty(fresh(), 0, 40, 36, 37, 40, 44, 44)).toBe(0);
    expect(heaterDuty(fresh(), 0, 40, 36, 37, 40, 45, 44)).toBe(0);
  });

  it('is off without a target or a perfusate reading, and restarts its integral; missing tissue or water readings do not limit', () => {
    const state = fresh();
    state[0] = 0.4;
    expect(heaterDuty(state, 1, 40, NaN, 37, 40, 38, 44)).toBe(0);
    expect(state[0]).toBe(0);
    state[0] = 0.4;
    expect(heaterDuty(state, 1, 0, 30, 37, 40, 38, 44)).toBe(0);
    expect(state[0]).toBe(0);
    expect(heaterDuty(fresh(), 0, 40, 36, NaN, 40, NaN, 44)).toBe(1);
  });
});
