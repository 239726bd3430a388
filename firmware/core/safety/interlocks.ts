// The limit interlocks of the interface contract (section 6) as data: one row per signal
// and limit, evaluated every control tick by one small engine. A row trips when its
// hazard has lasted its persistence time, checked on the converted reading and on the
// raw ADC ratio (a limit turned into raw counts when the limits are set), so an error in
// a conversion, a zero or a span cannot hide a hazard. What an alarm does (stop the pump,
// heater off, latch) is the alarm table's (alarms.ts); what a channel's fault does, the
// sensor checks'.

import {
  A_CUFF_LOW, A_LEAK, A_LEVEL_LOW, A_P_ART_HIGH, A_T_ART_HIGH, A_T_TISSUE_HIGH, A_T_WATER_HIGH,
} from './alarms';
import { CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER } from '../channels';
import { Profile } from '../profiles';

/** Hazard when the reading is above the limit, below it, or fallen from its start by more. */
export const CMP_ABOVE = 1;
export const CMP_BELOW = 2;
export const CMP_DROP_PCT = 3;

/** States an interlock is armed in, as bits (see stateBit). */
export const ARMED_IDLE = 1;
export const ARMED_PRIMING = 2;
export const ARMED_PERFUSING = 4;
export const ARMED_CALIBRATING = 8;
export const ARMED_FAULT = 16;
/** The pump is meant to turn. */
export const ARMED_PUMPING = ARMED_PRIMING | ARMED_PERFUSING | ARMED_CALIBRATING;
export const ARMED_ALWAYS = 31;

export interface InterlockRow {
  alarm: number;
  channel: number;
  cmp: number;
  /** The limit in the channel's unit (percent for CMP_DROP_PCT); 0 or less = not used by this profile. */
  limit: (p: Profile) => number;
  /** How long the hazard must last before the row trips, and the condition must be gone before it clears. */
  persistMs: number;
  armed: number;
}

/** Which of the profile's limits a row compares with. */
export const LIMIT_P_ART_HIGH = 0;
export const LIMIT_LEVEL_MIN = 1;
export const LIMIT_CUFF_MIN = 2;
export const LIMIT_T_ART_HIGH = 3;
export const LIMIT_T_TISSUE_HIGH = 4;
export const LIMIT_T_WATER_HIGH = 5;
export const LIMIT_LEAK_PCT = 6;

export function profileLimit(p: Profile, which: number): number {
  if (which === LIMIT_P_ART_HIGH) return p.pArtHighMmHg;
  if (which === LIMIT_LEVEL_MIN) return p.levelMinMl;
  if (which === LIMIT_CUFF_MIN) return p.cuffMinMmHg;
  if (which === LIMIT_T_ART_HIGH) return p.tArtHighC;
  if (which === LIMIT_T_TISSUE_HIGH) return p.tTissueHighC;
  if (which === LIMIT_T_WATER_HIGH) return p.tWaterHighC;
  return p.leakLimitPct;
}

/** Columns of a table row. */
export const COL_ALARM = 0;
export const COL_CHANNEL = 1;
export const COL_CMP = 2;
export const COL_LIMIT = 3;
export const COL_PERSIST_MS = 4;
export const COL_ARMED = 5;
export const COLUMN_COUNT = 6;

/**
 * The table, one row per line: alarm, channel, comparison, limit, persistence (ms), armed
 * in. One flat typed array: the interpreter keeps it in a few variables, where a record
 * per row would cost dozens. Persistence times filter single-sample spikes and stay within
 * the bounds. The first FAST_ROW_COUNT rows (bounds of 1 s or less) are judged every
 * 200 ms tick: a hazard is first seen within a tick and trips persistMs later, so
 * P_ART_HIGH and LEVEL_LOW act within 400 ms (bound 500), CUFF_LOW 600 ms (1 s). The
 * others (bounds of 2 s and more) are judged every SLOW_ROW_EVERY_TICKS ticks, which
 * halves their cost: a hazard is seen within 400 ms and trips persistMs later, so the
 * temperatures act within 1.2 s (2 s), LEAK 30.4 s (60 s).
 */
export const INTERLOCK_TABLE = new Uint16Array([
  // Line pressure and reservoir only while the pump turns: at rest neither is a hazard,
  // and the reservoir is filled while the pump stands.
  A_P_ART_HIGH, CH_P_ART, CMP_ABOVE, LIMIT_P_ART_HIGH, 200, ARMED_PUMPING,
  A_LEVEL_LOW, CH_LEVEL, CMP_BELOW, LIMIT_LEVEL_MIN, 200, ARMED_PUMPING,
  // The tourniquet is inflated for perfusion, not for priming the circuit.
  A_CUFF_LOW, CH_P_CUFF, CMP_BELOW, LIMIT_CUFF_MIN, 400, ARMED_PERFUSING,
  // Judged every SLOW_ROW_EVERY_TICKS ticks from here on.
  A_T_ART_HIGH, CH_T_ART, CMP_ABOVE, LIMIT_T_ART_HIGH, 800, ARMED_ALWAYS,
  A_T_TISSUE_HIGH, CH_T_PROX, CMP_ABOVE, LIMIT_T_TISSUE_HIGH, 800, ARMED_ALWAYS,
  A_T_TISSUE_HIGH, CH_T_DIST, CMP_ABOVE, LIMIT_T_TISSUE_HIGH, 800, ARMED_ALWAYS,
  A_T_WATER_HIGH, CH_T_WATER, CMP_ABOVE, LIMIT_T_WATER_HIGH, 800, ARMED_ALWAYS,
  // Reservoir volume fallen since perfusion began: a slow trend, judged over 30 s.
  A_LEAK, CH_LEVEL, CMP_DROP_PCT, LIMIT_LEAK_PCT, 30000, ARMED_PERFUSING,
]);

export const ROW_COUNT = INTERLOCK_TABLE.length / COLUMN_COUNT;
/** Rows judged every tick (the table's first ones); the rest every SLOW_ROW_EVERY_TICKS ticks. */
export const FAST_ROW_COUNT = 3;
export const SLOW_ROW_EVERY_TICKS = 2;

/** The table as records, for the host's tests and tools (the engine reads the flat table). */
export function interlockRows(): InterlockRow[] {
  const rows: InterlockRow[] = [];
  for (let r = 0; r < ROW_COUNT; r++) {
    const at = r * COLUMN_COUNT;
    const which = INTERLOCK_TABLE[at + COL_LIMIT];
    rows.push({
      alarm: INTERLOCK_TABLE[at + COL_ALARM], channel: INTERLOCK_TABLE[at + COL_CHANNEL], cmp: INTERLOCK_TABLE[at + COL_CMP],
      limit: (p) => profileLimit(p, which), persistMs: INTERLOCK_TABLE[at + COL_PERSIST_MS], armed: INTERLOCK_TABLE[at + COL_ARMED],
    });
  }
  return rows;
}

export const INTERLOCK_ROWS: InterlockRow[] = /*#__PURE__*/ interlockRows();

/** Receives what the engine finds; the controller raises and clears the alarms. */
export interface InterlockSink {
  /**
   * A row of `alarm` tripped on `channel`, with the raw ratio, reading and limit that showed
   * it; `dropStart` is a drop row's start value (NaN for other rows).
   */
  trip(alarm: number, channel: number, nowMs: number, raw: number, value: number, limit: number, dropStart: number): void;
  /** The last tripped row of an alarm is clear again. */
  gone(alarm: number): void;
}

/**
 * Raw ratio at `value` of a channel, or NaN where there is no monotonic mapping (then
 * only the converted reading is checked). Given by the controller, which knows the front
 * ends and the corrections (zero, span, tare) in force.
 */
export type RawAt = (channel: number, value: number) => number;

export class InterlockEngine {
  readonly rowCount = ROW_COUNT;
  /** Limit in the channel's unit; NaN = row off for this profile. */
  readonly limit = new Float64Array(this.rowCount);
  /** The same limit as a raw ratio, and whether a hazard is a raw value above it. */
  readonly rawLimit = new Float64Array(this.rowCount);
  private readonly rawAbove = new Uint8Array(this.rowCount);
  /** Since when the hazard (or, once tripped, its absence) has lasted; -1 = not pending. */
  private readonly sinceMs = new Float64Array(this.rowCount);
  readonly tripped = new Uint8Array(this.rowCount);
  /** Reading at the start of perfusion, less declared additions, for drop rows (NaN until taken, and for other rows). */
  readonly startValue = new Float64Array(this.rowCount);

  constructor() {
    for (let r = 0; r < this.rowCount; r++) {
      this.sinceMs[r] = -1;
      this.startValue[r] = NaN;
    }
  }

  /** Takes the profile's limits; `rawAt` turns them into raw ratios (call again after zero, span, tare). */
  setLimits(profile: Profile, rawAt: RawAt): void {
    for (let r = 0; r < this.rowCount; r++) {
      const limit = profileLimit(profile, INTERLOCK_TABLE[r * COLUMN_COUNT + COL_LIMIT]);
      this.limit[r] = limit > 0 ? limit : NaN;
      this.rawLimit[r] = NaN;
      if (!(limit > 0) || INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CMP] === CMP_DROP_PCT) continue;
      const atLimit = rawAt(INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CHANNEL], limit);
      // The raw ratio's direction: compare with the raw value one unit beyond the limit.
      const beyond = rawAt(INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CHANNEL], INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CMP] === CMP_ABOVE ? limit + 1 : limit - 1);
      this.rawLimit[r] = atLimit;
      this.rawAbove[r] = beyond > atLimit ? 1 : 0;
    }
  }

  /** Perfusion begins: drop rows take the present reading as their start. */
  restartDrop(readings: Float64Array): void {
    for (let r = 0; r < this.rowCount; r++) if (INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CMP] === CMP_DROP_PCT) this.startValue[r] = readings[INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CHANNEL]];
  }

  /**
   * Judges rows firstRow up to (not including) endRow. `rawLow`/`rawHigh` are the channels'
   * plausible range: a raw value beyond it on the side of a row's limit is that row's
   * hazard (over range is over the limit), on the other side only the sensor checks'.
   */
  evaluate(
    readings: Float64Array, raw: Float64Array, rawLow: Float64Array, rawHigh: Float64Array,
    stateBit: number, nowMs: number, sink: InterlockSink, firstRow: number, endRow: number,
  ): void {
    // Locals for everything the loop touches (see Controller.checkSensors).
    const table = INTERLOCK_TABLE;
    const limits = this.limit;
    const rawLimits = this.rawLimit;
    const rawAbove = this.rawAbove;
    const since = this.sinceMs;
    const tripped = this.tripped;
    for (let r = firstRow; r < endRow; r++) {
      const limit = limits[r];
      const wasTripped = tripped[r];
      const at = r * COLUMN_COUNT;
      // Not armed now and not tripped, or off for this profile: nothing to judge. A tripped
      // row stays judged whatever the state, so it clears only once its reading is back
      // (ack is refused while a pressure is still high after the pump stopped), or once
      // its limit is switched off (a profile without it).
      if (!wasTripped && (limit !== limit || !(table[at + COL_ARMED] & stateBit))) {
        since[r] = -1;
        continue;
      }
      const ch = table[at + COL_CHANNEL];
      const value = readings[ch];
      const rv = raw[ch];
      let hazard = false;
      if (limit === limit) {
        const cmp = table[at + COL_CMP];
        if (cmp === CMP_ABOVE) hazard = value > limit;
        else if (cmp === CMP_BELOW) hazard = value < limit;
        else {
          const start = this.startValue[r];
          if (start !== start && value === value) this.startValue[r] = value;
          hazard = start > 0 && ((start - value) / start) * 100 > limit;
        }
        const rawLimit = rawLimits[r];
        if (!hazard && rawLimit === rawLimit) {
          // Within the channel's range, the raw value against the limit as a raw ratio; beyond
          // the range on the side of the limit (a saturated transducer, an occlusion past
          // full scale), the hazard itself: SENSOR_FAULT may join, it never hides it.
          if (rv >= rawLow[ch] && rv <= rawHigh[ch]) hazard = rawAbove[r] ? rv > rawLimit : rv < rawLimit;
          else hazard = rawAbove[r] ? rv > rawHigh[ch] : rv < rawLow[ch];
        }
      }
      // Pending: a hazard not yet tripped, or a tripped row whose hazard is gone.
      if (hazard === (wasTripped === 1)) {
        since[r] = -1;
        continue;
      }
      if (since[r] < 0) since[r] = nowMs;
      if (nowMs - since[r] < table[at + COL_PERSIST_MS]) continue;
      since[r] = -1;
      if (hazard) {
        tripped[r] = 1;
        sink.trip(table[at + COL_ALARM], ch, nowMs, rv, value, limit, this.startValue[r]);
      } else {
        tripped[r] = 0;
        const alarm = table[at + COL_ALARM];
        if (!this.alarmTripped(alarm)) sink.gone(alarm);
      }
    }
  }

  /** Volume added to the reservoir on purpose (`add`): drop rows count from a start that much higher. */
  addToDropStart(amount: number): void {
    for (let r = 0; r < this.rowCount; r++) if (this.startValue[r] === this.startValue[r]) this.startValue[r] += amount;
  }

  /** Whether any row of `alarm` is tripped. */
  alarmTripped(alarm: number): boolean {
    for (let r = 0; r < this.rowCount; r++) if (INTERLOCK_TABLE[r * COLUMN_COUNT + COL_ALARM] === alarm && this.tripped[r]) return true;
    return false;
  }
}
