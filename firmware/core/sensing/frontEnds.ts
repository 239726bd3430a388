// Converts one tick's raw ADC ratios into readings in physical units, by channel.
// A ratio at either rail means a lead is open or shorted: the reading becomes NaN.

import { SteinhartHart, dividerRatioToOhm, linearRatioToValue, ohmToCelsius } from './conversions';

export const FRONT_END_NONE = 0;
export const FRONT_END_THERMISTOR = 1;
export const FRONT_END_LINEAR = 2;

/** Ratios within this distance of a rail cannot come from a working sensor. */
export const RAIL_MARGIN = 0.01;

/**
 * Weight of each new thermistor sample in the smoothed ratio. Temperatures are sampled on
 * every other tick (a thermal tick): 1 - 0.75^2 gives the same time constant (0.7 s) as
 * a quarter per 200 ms tick, for half the interpreter's work. One ADC code is about
 * 0.03 degC near 37 degC; the smoothing leaves about a third of that as noise.
 */
export const THERMISTOR_SMOOTHING = 0.4375;

export interface FrontEnd {
  kind: number;
  /** Thermistor divider series resistor, ohm. */
  seriesOhm: number;
  sh: SteinhartHart | null;
  /** Linear front end: ratio at value 0 and ratio per unit. */
  ratioAtZero: number;
  ratioPerUnit: number;
}

export function convertReading(raw: number, fe: FrontEnd): number {
  if (fe.kind === FRONT_END_NONE || raw !== raw) return NaN;
  if (raw < RAIL_MARGIN || raw > 1 - RAIL_MARGIN) return NaN;
  if (fe.kind === FRONT_END_THERMISTOR) return ohmToCelsius(dividerRatioToOhm(raw, fe.seriesOhm), fe.sh as SteinhartHart);
  return linearRatioToValue(raw, fe.ratioAtZero, fe.ratioPerUnit);
}

/**
 * The per-tick conversion of every wired channel in one flat loop over typed arrays:
 * the interpreter indexes typed arrays in constant time but walks plain arrays and
 * object properties, and every function call costs as much as several statements.
 * Gives the same results as convertReading (tested).
 */
export class ChannelConverter {
  /** Indexes of the channels with a front end. */
  readonly wired: Uint8Array;
  /** Each channel's front end, flat (the objects it came from need not stay in memory). */
  readonly kind: Uint8Array;
  readonly seriesOhm: Float64Array;
  readonly ratioAtZero: Float64Array;
  readonly ratioPerUnit: Float64Array;
  readonly shA: Float64Array;
  readonly shB: Float64Array;
  readonly shC: Float64Array;
  /** Smoothed raw ratio of the thermistor channels (NaN = restart from the next sample). */
  private readonly smoothed: Float64Array;
  /**
   * The channels converted: the linear ones every tick, the thermistors on thermal ticks
   * (see setActive). The interpreter pays for every pass of a loop, so channels that need
   * no conversion now are not in the lists at all.
   */
  private linearList: Uint8Array = new Uint8Array(0);
  private thermalList: Uint8Array = new Uint8Array(0);

  constructor(frontEnds: FrontEnd[]) {
    const n = frontEnds.length;
    let count = 0;
    for (let i = 0; i < n; i++) if (frontEnds[i].kind !== FRONT_END_NONE) count++;
    this.wired = new Uint8Array(count);
    this.kind = new Uint8Array(n);
    this.seriesOhm = new Float64Array(n);
    this.ratioAtZero = new Float64Array(n);
    this.ratioPerUnit = new Float64Array(n);
    this.shA = new Float64Array(n);
    this.shB = new Float64Array(n);
    this.shC = new Float64Array(n);
    this.smoothed = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const fe = frontEnds[i];
      this.kind[i] = fe.kind;
      if (fe.kind === FRONT_END_NONE) continue;
      this.wired[k++] = i;
      this.seriesOhm[i] = fe.seriesOhm;
      this.ratioAtZero[i] = fe.ratioAtZero;
      this.ratioPerUnit[i] = fe.ratioPerUnit;
      this.smoothed[i] = NaN;
      if (fe.sh) {
        this.shA[i] = fe.sh.a;
        this.shB[i] = fe.sh.b;
        this.shC[i] = fe.sh.c;
      }
    }
    this.setActive(~0);
  }

  /**
   * Converts the wired channels in `mask` (bit 1 << channel) from now on; the others keep
   * whatever reading they have (an optional transducer not plugged in keeps NaN).
   */
  setActive(mask: number): void {
    const linear: number[] = [];
    const thermal: number[] = [];
    for (let k = 0; k < this.wired.length; k++) {
      const i = this.wired[k];
      if (!((mask >> i) & 1)) continue;
      if (this.kind[i] === FRONT_END_THERMISTOR) thermal.push(i);
      else linear.push(i);
    }
    this.linearList = new Uint8Array(linear);
    this.thermalList = new Uint8Array(thermal);
  }

  /**
   * raw: ADC ratios by channel; out: readings by channel (NaN where not available). A raw
   * value at a rail or not strictly inside the channel's fault limits (`low`, `high`) gives
   * NaN; the result has a bit (1 << channel) set for each such channel, so the sensor
   * checks need not walk the channels again on a healthy tick. Thermistor channels are
   * sampled only when `thermal` (every other tick, see THERMISTOR_SMOOTHING); between,
   * their reading stays and they are not judged.
   */
  convert(raw: Float64Array, out: Float64Array, low: Float64Array, high: Float64Array, thermal: boolean): number {
    const railLow = RAIL_MARGIN;
    const railHigh = 1 - RAIL_MARGIN;
    let bad = 0;
    const linear = this.linearList;
    const ratioAtZero = this.ratioAtZero;
    const ratioPerUnit = this.ratioPerUnit;
    for (let k = 0; k < linear.length; k++) {
      const i = linear[k];
      const r = raw[i];
      if (r > low[i] && r < high[i] && r >= railLow && r <= railHigh) out[i] = (r - ratioAtZero[i]) / ratioPerUnit[i];
      else {
        out[i] = NaN;
        bad |= 1 << i;
      }
    }
    if (!thermal) return bad;
    const list = this.thermalList;
    const smoothed = this.smoothed;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const r = raw[i];
      if (!(r > low[i] && r < high[i] && r >= railLow && r <= railHigh)) {
        out[i] = NaN;
        smoothed[i] = NaN;
        bad |= 1 << i;
        continue;
      }
      // Temperature moves in seconds: averaging the raw ratio over a few samples
      // (exponential, time constant 0.7 s) averages the ADC's noise away.
      const previous = smoothed[i];
      const s = previous === previous ? previous + (r - previous) * THERMISTOR_SMOOTHING : r;
      smoothed[i] = s;
      const lnR = Math.log((this.seriesOhm[i] * s) / (1 - s));
      out[i] = 1 / (this.shA[i] + this.shB[i] * lnR + this.shC[i] * lnR * lnR * lnR) - 273.15;
    }
    return bad;
  }
}

/** Divider ratio a thermistor gives at tempC: the Steinhart-Hart equation solved for ln R (Newton). */
export function thermistorRatioAt(tempC: number, seriesOhm: number, sh: SteinhartHart): number {
  const target = 1 / (tempC + 273.15);
  let lnR = Math.log(seriesOhm);
  for (let i = 0; i < 30; i++) {
    const f = sh.a + sh.b * lnR + sh.c * lnR * lnR * lnR - target;
    const step = f / (sh.b + 3 * sh.c * lnR * lnR);
    lnR -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  const ohm = Math.exp(lnR);
  return ohm / (seriesOhm + ohm);
}

/**
 * Raw ratio limits [low, high] of a channel: a raw value outside them is a fault. They come
 * from the channel's plausible range; a thermistor's ratio falls as temperature rises.
 */
export function rawLimits(fe: FrontEnd, minValue: number, maxValue: number): number[] {
  if (fe.kind === FRONT_END_THERMISTOR) {
    const sh = fe.sh as SteinhartHart;
    return [thermistorRatioAt(maxValue, fe.seriesOhm, sh), thermistorRatioAt(minValue, fe.seriesOhm, sh)];
  }
  if (fe.kind === FRONT_END_LINEAR) {
    const a = fe.ratioAtZero + minValue * fe.ratioPerUnit;
    const b = fe.ratioAtZero + maxValue * fe.ratioPerUnit;
    return a < b ? [a, b] : [b, a];
  }
  return [NaN, NaN];
}

/** Why a raw value is out of its limits (front end of kind `kind`): lead open, shorted, or only out of range. */
export function faultCause(kind: number, raw: number): string {
  if (raw !== raw) return 'missing';
  const atHighRail = raw > 1 - RAIL_MARGIN;
  const atLowRail = raw < RAIL_MARGIN;
  // An open thermistor lets the series resistor pull the pin up; an open transducer lead
  // lets the bias resistor pull it down.
  if (kind === FRONT_END_THERMISTOR) return atHighRail ? 'open' : atLowRail ? 'short' : 'range';
  return atLowRail ? 'open' : atHighRail ? 'short' : 'range';
}

/**
 * The largest raw-ratio change per unit of the measured quantity over [minValue, maxValue]
 * (a thermistor divider is steepest at one end; a linear front end is constant).
 */
export function steepestRatioPerUnit(fe: FrontEnd, minValue: number, maxValue: number): number {
  if (fe.kind === FRONT_END_LINEAR) return Math.abs(fe.ratioPerUnit);
  if (fe.kind !== FRONT_END_THERMISTOR) return 0;
  const sh = fe.sh as SteinhartHart;
  const steps = 24;
  let steepest = 0;
  let previous = thermistorRatioAt(minValue, fe.seriesOhm, sh);
  for (let k = 1; k <= steps; k++) {
    const value = minValue + ((maxValue - minValue) * k) / steps;
    const ratio = thermistorRatioAt(value, fe.seriesOhm, sh);
    const slope = Math.abs(ratio - previous) / ((maxValue - minValue) / steps);
    if (slope > steepest) steepest = slope;
    previous = ratio;
  }
  return steepest;
}
