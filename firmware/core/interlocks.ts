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
import { CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER } from './channels';
import { Profile } from './profiles';

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

/**
 * The table. Persistence times filter single-sample spikes and stay within the bounds at
 * the 200 ms tick: a hazard is first seen within a tick and trips persistMs later, so
 * P_ART_HIGH and LEVEL_LOW act within 400 ms (bound 500), CUFF_LOW 600 ms (1 s), the
 * temperatures 1.2 s (2 s), LEAK 30.2 s (60 s).
 */
export const INTERLOCK_ROWS: InterlockRow[] = [
  // Line pressure and reservoir only while the pump turns: at rest neither is a hazard,
  // and the reservoir is filled while the pump stands.
  { alarm: A_P_ART_HIGH, channel: CH_P_ART, cmp: CMP_ABOVE, limit: (p) => p.pArtHighMmHg, persistMs: 200, armed: ARMED_PUMPING },
  { alarm: A_LEVEL_LOW, channel: CH_LEVEL, cmp: CMP_BELOW, limit: (p) => p.levelMinMl, persistMs: 200, armed: ARMED_PUMPING },
  // The tourniquet is inflated for perfusion, not for priming the circuit.
  { alarm: A_CUFF_LOW, channel: CH_P_CUFF, cmp: CMP_BELOW, limit: (p) => p.cuffMinMmHg, persistMs: 400, armed: ARMED_PERFUSING },
  { alarm: A_T_ART_HIGH, channel: CH_T_ART, cmp: CMP_ABOVE, limit: (p) => p.tArtHighC, persistMs: 1000, armed: ARMED_ALWAYS },
  { alarm: A_T_TISSUE_HIGH, channel: CH_T_PROX, cmp: CMP_ABOVE, limit: (p) => p.tTissueHighC, persistMs: 1000, armed: ARMED_ALWAYS },
  { alarm: A_T_TISSUE_HIGH, channel: CH_T_DIST, cmp: CMP_ABOVE, limit: (p) => p.tTissueHighC, persistMs: 1000, armed: ARMED_ALWAYS },
  { alarm: A_T_WATER_HIGH, channel: CH_T_WATER, cmp: CMP_ABOVE, limit: (p) => p.tWaterHighC, persistMs: 1000, armed: ARMED_ALWAYS },
  // Reservoir volume fallen since perfusion began: a slow trend, judged over 30 s.
  { alarm: A_LEAK, channel: CH_LEVEL, cmp: CMP_DROP_PCT, limit: (p) => p.leakLimitPct, persistMs: 30000, armed: ARMED_PERFUSING },
];

/** Receives what the engine finds; the controller raises and clears the alarms. */
export interface InterlockSink {
  /** Row `row` tripped: its alarm with the channel, raw ratio, reading and limit that showed it. */
  trip(row: number, nowMs: number, raw: number, value: number, limit: number): void;
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
  readonly rowCount = INTERLOCK_ROWS.length;
  private readonly alarm = new Uint8Array(this.rowCount);
  private readonly channel = new Uint8Array(this.rowCount);
  private readonly cmp = new Uint8Array(this.rowCount);
  private readonly armed = new Uint8Array(this.rowCount);
  private readonly persistMs = new Float64Array(this.rowCount);
  /** Limit in the channel's unit; NaN = row off for this profile. */
  readonly limit = new Float64Array(this.rowCount);
  /** The same limit as a raw ratio, and whether a hazard is a raw value above it. */
  readonly rawLimit = new Float64Array(this.rowCount);
  private readonly rawAbove = new Uint8Array(this.rowCount);
  /** Since when the hazard (or, once tripped, its absence) has lasted; -1 = not pending. */
  private readonly sinceMs = new Float64Array(this.rowCount);
  readonly tripped = new Uint8Array(this.rowCount);
  /** Reading at the start of perfusion, for drop rows (NaN until taken). */
  private readonly startValue = new Float64Array(this.rowCount);

  constructor() {
    for (let r = 0; r < this.rowCount; r++) {
      const row = INTERLOCK_ROWS[r];
      this.alarm[r] = row.alarm;
      this.channel[r] = row.channel;
      this.cmp[r] = row.cmp;
      this.armed[r] = row.armed;
      this.persistMs[r] = row.persistMs;
      this.sinceMs[r] = -1;
      this.startValue[r] = NaN;
    }
  }

  /** Takes the profile's limits; `rawAt` turns them into raw ratios (call again after zero, span, tare). */
  setLimits(profile: Profile, rawAt: RawAt): void {
    for (let r = 0; r < this.rowCount; r++) {
      const limit = INTERLOCK_ROWS[r].limit(profile);
      this.limit[r] = limit > 0 ? limit : NaN;
      this.rawLimit[r] = NaN;
      if (!(limit > 0) || this.cmp[r] === CMP_DROP_PCT) continue;
      const atLimit = rawAt(this.channel[r], limit);
      // The raw ratio's direction: compare with the raw value one unit beyond the limit.
      const beyond = rawAt(this.channel[r], this.cmp[r] === CMP_ABOVE ? limit + 1 : limit - 1);
      this.rawLimit[r] = atLimit;
      this.rawAbove[r] = beyond > atLimit ? 1 : 0;
    }
  }

  /** Perfusion begins: drop rows take the present reading as their start. */
  restartDrop(readings: Float64Array): void {
    for (let r = 0; r < this.rowCount; r++) if (this.cmp[r] === CMP_DROP_PCT) this.startValue[r] = readings[this.channel[r]];
  }

  /**
   * One tick. `rawLow`/`rawHigh` are the channels' fault limits: a raw value outside them
   * is the sensor checks' business (a shorted thermistor is not a hot limb).
   */
  evaluate(
    readings: Float64Array, raw: Float64Array, rawLow: Float64Array, rawHigh: Float64Array,
    stateBit: number, nowMs: number, sink: InterlockSink,
  ): void {
    for (let r = 0; r < this.rowCount; r++) {
      const limit = this.limit[r];
      const ch = this.channel[r];
      let hazard = false;
      // A tripped row stays judged whatever the state, so it clears only once its reading
      // is back (ack is refused while a pressure is still high after the pump stopped).
      if (limit === limit && (this.armed[r] & stateBit || this.tripped[r])) {
        const value = readings[ch];
        const cmp = this.cmp[r];
        if (cmp === CMP_ABOVE) hazard = value > limit;
        else if (cmp === CMP_BELOW) hazard = value < limit;
        else {
          const start = this.startValue[r];
          if (start !== start && value === value) this.startValue[r] = value;
          hazard = start > 0 && ((start - value) / start) * 100 > limit;
        }
        const rawLimit = this.rawLimit[r];
        const rv = raw[ch];
        if (!hazard && rawLimit === rawLimit && rv >= rawLow[ch] && rv <= rawHigh[ch]) {
          hazard = this.rawAbove[r] ? rv > rawLimit : rv < rawLimit;
        }
      }
      // Pending: a hazard not yet tripped, or a tripped row whose hazard is gone.
      if (hazard === (this.tripped[r] === 1)) {
        this.sinceMs[r] = -1;
        continue;
      }
      if (this.sinceMs[r] < 0) this.sinceMs[r] = nowMs;
      if (nowMs - this.sinceMs[r] < this.persistMs[r]) continue;
      this.sinceMs[r] = -1;
      if (hazard) {
        this.tripped[r] = 1;
        sink.trip(r, nowMs, raw[ch], readings[ch], limit);
      } else {
        this.tripped[r] = 0;
        if (!this.alarmTripped(this.alarm[r])) sink.gone(this.alarm[r]);
      }
    }
  }

  /** Whether any row of `alarm` is tripped. */
  alarmTripped(alarm: number): boolean {
    for (let r = 0; r < this.rowCount; r++) if (this.alarm[r] === alarm && this.tripped[r]) return true;
    return false;
  }

  alarmOf(row: number): number {
    return this.alarm[row];
  }

  channelOf(row: number): number {
    return this.channel[row];
  }
}
