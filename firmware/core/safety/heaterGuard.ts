// The heater's runaway protection, fed once per control tick with t_art and whether the
// heater is commanded on (duty > 0). Heated toward its target, the perfusate must keep rising
// (else a failed heater, a circuit not flowing, a probe out of the circuit); once there, it
// must stay near it (else a heater stuck on, or lost). Absolute limits are the interlocks';
// a faulted sensor (NaN) is the sensor checks', so here it only pauses. Time is passed in.

/** Not heating toward a target (stopped, or no target): no checks. */
export const GUARD_IDLE = 0;
/** Heating toward the target, not yet within BAND_C of it: the no-rise check. */
export const GUARD_APPROACH = 1;
/** The target was reached: the left-band check. */
export const GUARD_IN_BAND = 2;
/** Latched with `cause` until reset(). */
export const GUARD_TRIPPED = 3;

/**
 * Smallest rise that counts as progress. Perfusate warms at roughly 0.02-0.1 degC/s in ILP,
 * so a working heater makes 0.2 degC in 2-10 s; it is about 8 ADC steps (0.026 degC each).
 */
export const RISE_MIN_C = 0.2;
/**
 * Heating time allowed without a rise of RISE_MIN_C: 30 times the slowest expected warm-up
 * (10 s), room for the circuit's transport delay and a smaller duty close to the target.
 * Five minutes at full heat without 0.2 degC is a failed heater or a dry exchanger.
 */
export const RISE_WINDOW_MS = 5 * 60 * 1000;
/** Within this of the target, the target counts as reached (the control's holding band). */
export const BAND_C = 0.5;
/** Farther than this (twice the band) is off target: overshoot and ripple stay within. */
export const LEAVE_C = 1.0;
/** Off target this long trips: a disturbance (cold bolus, flow change) passes sooner. */
export const LEAVE_MS = 60 * 1000;

export class HeaterGuard {
  state = GUARD_IDLE;
  /** Why it tripped ('no-rise' or 'left-band'); '' when not tripped. */
  cause = '';
  /** The target, degC; NaN = heating not wanted. */
  private targetC = NaN;
  private lastMs = 0;
  /** Temperature a rise is measured from, and heating time since; -1 = window not running. */
  private riseFromC = NaN;
  private riseMs = -1;
  /** Time spent farther than LEAVE_C from the target; -1 = not off target. */
  private awayMs = -1;

  /** A new setpoint: every check starts again, so a step in the setpoint never trips. */
  setTarget(targetC: number, nowMs: number): void {
    this.targetC = targetC > 0 ? targetC : NaN;
    this.restart(nowMs);
  }

  /** Heating not wanted (pump stopped): IDLE until the next setTarget. A trip stays latched. */
  stop(nowMs: number): void {
    this.targetC = NaN;
    this.restart(nowMs);
  }

  /** Clears a trip; the checks start again toward the present target (IDLE if stopped). */
  reset(nowMs: number): void {
    this.state = GUARD_IDLE;
    this.cause = '';
    this.restart(nowMs);
  }

  /** One control tick; true exactly on the tick it trips. */
  update(nowMs: number, tArtC: number, heaterOn: boolean): boolean {
    // Time is summed tick by tick, so ticks without a reading do not count (a pause).
    const dt = nowMs - this.lastMs;
    this.lastMs = nowMs;
    const state = this.state;
    if (state === GUARD_IDLE || state === GUARD_TRIPPED || tArtC !== tArtC) return false;
    const offC = tArtC - this.targetC;
    if (state === GUARD_APPROACH) {
      if (offC >= -BAND_C && offC <= BAND_C) {
        this.state = GUARD_IN_BAND;
        return false;
      }
      // Heater off, or above the target (cooling to it): no rise expected, the window restarts.
      if (!heaterOn || offC > 0) this.riseMs = -1;
      else if (this.riseMs < 0 || tArtC - this.riseFromC >= RISE_MIN_C) {
        this.riseFromC = tArtC;
        this.riseMs = 0;
      } else {
        this.riseMs += dt;
        if (this.riseMs >= RISE_WINDOW_MS) return this.trip('no-rise');
      }
      return false;
    }
    if (offC <= LEAVE_C && offC >= -LEAVE_C) this.awayMs = -1;
    else if (this.awayMs < 0) this.awayMs = 0;
    else {
      this.awayMs += dt;
      if (this.awayMs >= LEAVE_MS) return this.trip('left-band');
    }
    return false;
  }

  private restart(nowMs: number): void {
    this.lastMs = nowMs;
    this.riseMs = -1;
    this.awayMs = -1;
    if (this.state !== GUARD_TRIPPED) this.state = this.targetC === this.targetC ? GUARD_APPROACH : GUARD_IDLE;
  }

  private trip(cause: string): boolean {
    this.state = GUARD_TRIPPED;
    this.cause = cause;
    return true;
  }
}
