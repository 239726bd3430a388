// Sensor health -> SENSOR_FAULT. Every channel has a plausible range (channels.ts) turned
// into raw ADC limits at boot, so a conversion error cannot hide a fault: out of limits
// (open, short, out of range) for SENSOR_FAULT_TICKS ticks; stuck (the very same raw value
// for STUCK_CHECKS checks); implausible (a move faster than the channel can change, twice
// in a row). The optional transducers (p_limb, p_sys) connect once they give valid
// readings and disconnect on `ack` with their lead open.

import type { Controller } from '../controller';
import { A_SENSOR_FAULT } from './alarms';
import {
  CHANNEL_COUNT, CHANNEL_MAX, CHANNEL_MAX_RATE, CHANNEL_MIN, CHANNEL_NAMES, OPTIONAL_CHANNELS,
} from '../channels';
import { eventLine, quote } from '../format';
import { FRONT_END_LINEAR, FRONT_END_THERMISTOR, FrontEnd, RAIL_MARGIN, faultCause, rawLimits, steepestRatioPerUnit } from '../sensing/frontEnds';
import { fixedOrNull } from '../text';

/** Control ticks a raw value must stay out of its limits before SENSOR_FAULT (filters spikes). */
export const SENSOR_FAULT_TICKS = 3;
/**
 * The plausibility checks (stuck, implausible) run once every this many ticks, once a
 * second at 5 Hz: their evidence builds over seconds, and on the interpreter a pass over
 * every channel costs as much as the rest of the sensor checks.
 */
export const PLAUSIBILITY_EVERY_TICKS = 5;
/**
 * Checks a channel's raw ADC value may be exactly the same before it is called stuck
 * (60 s). A live sensor's converter always moves by a code or more over that time.
 */
export const STUCK_CHECKS = 60;
/**
 * Consecutive checks whose raw value moved further over the last two checks (2 s) than
 * the channel can really change before SENSOR_FAULT (implausible): a value that jumps
 * and stays is seen twice, a single-sample spike once.
 */
export const IMPLAUSIBLE_CHECKS = 2;

export class SensorHealth {
  /** Raw ratio limits of each channel: a raw value outside them is a fault. */
  readonly rawLow = new Float64Array(CHANNEL_COUNT);
  readonly rawHigh = new Float64Array(CHANNEL_COUNT);
  /** Channels monitored: every wired one, except optional ones not (yet) connected. */
  connectedMask = 0;
  /** The latest raw ratios (the hardware layer's array). */
  lastRaw: Float64Array = new Float64Array(CHANNEL_COUNT);
  /** Channels whose raw value was out of limits on the last tick (badTicks > 0). */
  private badTickMask = 0;
  /** Optional channels with a front end: they connect when a transducer is plugged in. As a mask and as indexes. */
  private optionalWired = 0;
  private optionalIndexes: Uint8Array = new Uint8Array(0);
  /** Wired thermistor channels (sampled and judged on thermal ticks). */
  private thermistorMask = 0;
  private readonly badTicks = new Uint8Array(CHANNEL_COUNT);
  /** Fastest plausible change of each channel's raw ratio, per second (0 = not checked). */
  private readonly rawRateLimit = new Float64Array(CHANNEL_COUNT);
  /** Raw ratios at the last two plausibility checks (newest first) and their times. */
  private readonly past1 = new Float64Array(CHANNEL_COUNT);
  private readonly past2 = new Float64Array(CHANNEL_COUNT);
  private readonly pastMs = new Float64Array(2);
  /** Consecutive plausibility checks each channel moved implausibly. */
  private readonly jumpTicks = new Uint8Array(CHANNEL_COUNT);
  /** Consecutive valid ticks of an optional channel not yet connected. */
  private readonly connectTicks = new Uint8Array(CHANNEL_COUNT);
  /** Consecutive plausibility checks each channel's raw value has not changed. */
  private readonly sameTicks = new Uint16Array(CHANNEL_COUNT);

  constructor(private readonly c: Controller, frontEnds: FrontEnd[]) {
    const converter = c.sensing.converter;
    this.past1.fill(NaN);
    this.past2.fill(NaN);
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      const limits = rawLimits(frontEnds[i], CHANNEL_MIN[i], CHANNEL_MAX[i]);
      this.rawLow[i] = limits[0];
      this.rawHigh[i] = limits[1];
      this.rawRateLimit[i] = CHANNEL_MAX_RATE[i] * steepestRatioPerUnit(frontEnds[i], CHANNEL_MIN[i], CHANNEL_MAX[i]);
    }
    const wired = converter.wired;
    for (let k = 0; k < wired.length; k++) this.connectedMask |= 1 << wired[k];
    this.optionalWired = this.connectedMask & OPTIONAL_CHANNELS;
    const optional: number[] = [];
    for (let i = 0; i < CHANNEL_COUNT; i++) if ((this.optionalWired >> i) & 1) optional.push(i);
    this.optionalIndexes = new Uint8Array(optional);
    for (let k = 0; k < wired.length; k++) if (converter.kind[wired[k]] === FRONT_END_THERMISTOR) this.thermistorMask |= 1 << wired[k];
    converter.setActive(this.connectedMask);
    this.connectedMask &= ~OPTIONAL_CHANNELS;
  }

  /** Power-on self-test: one sample of every connected channel (NaN = not sampled yet, left to the first ticks). */
  bootCheck(raw: Float64Array, nowMs: number): void {
    this.lastRaw = raw;
    const wired = this.c.sensing.converter.wired;
    for (let k = 0; k < wired.length; k++) {
      const i = wired[k];
      const r = raw[i];
      if (!(this.connectedMask & (1 << i)) || r !== r || (r > this.rawLow[i] && r < this.rawHigh[i])) continue;
      this.badTicks[i] = SENSOR_FAULT_TICKS;
      this.badTickMask |= 1 << i;
      this.sensorFault(i, r, nowMs, '');
    }
  }

  /**
   * Out of limits (open, short, out of range), judged every tick from the converter's
   * mask of channels without a reading (`bad`): a healthy tick costs one comparison. A
   * channel out of limits for SENSOR_FAULT_TICKS ticks in a row is a SENSOR_FAULT
   * (a single-sample spike is not); back in limits, its condition is gone.
   */
  check(bad: number, raw: Float64Array, nowMs: number, thermal: boolean): void {
    this.lastRaw = raw;
    // Judged now: the connected channels, thermistors only on thermal ticks (when sampled).
    let judged = thermal ? this.connectedMask : this.connectedMask & ~this.thermistorMask;
    let outside = bad;
    if (this.optionalWired & ~this.connectedMask) {
      const optional = this.optionalIndexes;
      for (let k = 0; k < optional.length; k++) {
        const i = optional[k];
        const r = raw[i];
        if ((this.connectedMask >> i) & 1) continue;
        // Not plugged in (a silent converter): the usual case, settled here cheaply.
        if (r !== r) this.connectTicks[i] = 0;
        else if (!this.notConnected(i, r)) {
          // Connected now (converted from the next tick on), or a short or a value out
          // of range before connecting: a connected sensor gone wrong.
          judged |= 1 << i;
          if (!((this.connectedMask >> i) & 1)) outside |= 1 << i;
        }
      }
    }
    outside &= judged;
    const pending = outside | (this.badTickMask & judged);
    if (pending === 0) return;
    const badTicks = this.badTicks;
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      if (!((pending >> i) & 1)) continue;
      if ((outside >> i) & 1) {
        this.badTickMask |= 1 << i;
        // A value out of limits is no reference for plausibility: start afresh once back.
        this.past1[i] = NaN;
        this.past2[i] = NaN;
        this.sameTicks[i] = 0;
        this.jumpTicks[i] = 0;
        if (badTicks[i] < 255) badTicks[i]++;
        if (badTicks[i] === SENSOR_FAULT_TICKS) this.sensorFault(i, raw[i], nowMs, '');
      } else this.recovered(i);
    }
  }

  /**
   * Plausibility, once every PLAUSIBILITY_EVERY_TICKS ticks, on channels in limits:
   * stuck (the very same raw value for STUCK_CHECKS checks: a frozen converter or
   * transducer amplifier) and implausible (the raw value moved over the last two checks
   * faster than the channel can really change, its rate limit turned into ratio per
   * second at the front end's steepest point so never stricter than meant, on
   * IMPLAUSIBLE_CHECKS checks in a row). Both latch. Checked on the raw value, before
   * smoothing and conversion.
   */
  checkPlausible(raw: Float64Array, nowMs: number): void {
    const wired = this.c.sensing.converter.wired;
    const rawLow = this.rawLow;
    const rawHigh = this.rawHigh;
    const past1 = this.past1;
    const past2 = this.past2;
    const sameTicks = this.sameTicks;
    const jumpTicks = this.jumpTicks;
    const connected = this.connectedMask;
    const pastMs = this.pastMs;
    const alarms = this.c.alarms;
    const spanS = (nowMs - pastMs[1]) / 1000;
    for (let k = 0; k < wired.length; k++) {
      const i = wired[k];
      const r = raw[i];
      if (!((connected >> i) & 1) || !(r > rawLow[i] && r < rawHigh[i])) continue;
      if (r === past1[i]) {
        // Stuck from the STUCK_CHECKS-th identical check on, for as long as it stays so.
        if (sameTicks[i] < STUCK_CHECKS) sameTicks[i]++;
        if (sameTicks[i] === STUCK_CHECKS && !(alarms.sensorStuckMask & (1 << i))) this.sensorFault(i, r, nowMs, 'stuck');
      } else {
        sameTicks[i] = 0;
        if (alarms.sensorStuckMask & (1 << i)) this.unstuck(i);
      }
      const allowed = this.rawRateLimit[i] * spanS;
      if (allowed > 0) {
        const jump = r - past2[i];
        if (jump > allowed || -jump > allowed) {
          if (++jumpTicks[i] === IMPLAUSIBLE_CHECKS) this.sensorFault(i, r, nowMs, 'implausible');
        } else jumpTicks[i] = 0;
      }
    }
    past2.set(past1);
    past1.set(raw);
    pastMs[1] = pastMs[0];
    pastMs[0] = nowMs;
  }

  /**
   * An optional channel not connected yet: true while it stays so (reading withheld, no
   * checks). Valid for SENSOR_FAULT_TICKS ticks: connected, with an event. An open lead
   * or a silent converter is a transducer not plugged in; a short or a value out of range
   * is a connected sensor gone wrong, so it goes on to the fault checks.
   */
  private notConnected(channel: number, raw: number): boolean {
    const sensing = this.c.sensing;
    const converter = sensing.converter;
    // The usual case first, cheaply: nothing plugged in (a silent converter or an open
    // input, which is the low rail on a linear front end).
    if (raw !== raw || (raw < RAIL_MARGIN && converter.kind[channel] === FRONT_END_LINEAR)) {
      this.connectTicks[channel] = 0;
      sensing.readings[channel] = NaN;
      return true;
    }
    if (raw > this.rawLow[channel] && raw < this.rawHigh[channel]) {
      if (++this.connectTicks[channel] < SENSOR_FAULT_TICKS) {
        sensing.readings[channel] = NaN;
        return true;
      }
      this.connectTicks[channel] = 0;
      this.connectedMask |= 1 << channel;
      converter.setActive(this.connectedMask);
      this.c.emit(eventLine('sensor', '{"channel":' + quote(CHANNEL_NAMES[channel]) + ',"connected":true}'));
      return false;
    }
    this.connectTicks[channel] = 0;
    if (raw === raw && faultCause(converter.kind[channel], raw) !== 'open') return false;
    sensing.readings[channel] = NaN;
    return true;
  }

  /** `ack` with an optional channel's lead open or its converter silent: the transducer was unplugged. */
  disconnectOptional(): void {
    const alarms = this.c.alarms;
    const sensing = this.c.sensing;
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      const bit = 1 << i;
      if (!(OPTIONAL_CHANNELS & bit & this.connectedMask & alarms.sensorBadMask)) continue;
      const raw = this.lastRaw[i];
      if (raw === raw && faultCause(sensing.converter.kind[i], raw) !== 'open') continue;
      this.connectedMask &= ~bit;
      sensing.converter.setActive(this.connectedMask);
      sensing.readings[i] = NaN;
      this.recovered(i);
      this.c.emit(eventLine('sensor', '{"channel":' + quote(CHANNEL_NAMES[i]) + ',"connected":false}'));
    }
  }

  /** cause '' = out of raw limits (present while it lasts); 'implausible' or 'stuck': latched only. */
  private sensorFault(channel: number, raw: number, nowMs: number, cause: string): void {
    const c = this.c;
    const alarms = c.alarms;
    const bit = 1 << channel;
    if (!cause) alarms.sensorBadMask |= bit;
    else if (cause === 'stuck') alarms.sensorStuckMask |= bit;
    if (cause !== 'implausible') alarms.present[A_SENSOR_FAULT] = 1;
    if (alarms.sensorFaultMask & bit) {
      alarms.recount();
      return;
    }
    alarms.sensorFaultMask |= bit;
    if (!alarms.raised[A_SENSOR_FAULT]) alarms.markRaised(A_SENSOR_FAULT, nowMs);
    alarms.recount();
    const limit = raw <= this.rawLow[channel] ? this.rawLow[channel] : this.rawHigh[channel];
    alarms.record(A_SENSOR_FAULT, nowMs, channel, raw, NaN, cause ? NaN : limit);
    c.emit(alarms.line(A_SENSOR_FAULT, true, ',"channel":' + quote(CHANNEL_NAMES[channel]) +
      ',"cause":' + quote(cause || faultCause(c.sensing.converter.kind[channel], raw)) + ',"value":' + fixedOrNull(raw, 4) +
      (cause ? '' : ',"limit":' + fixedOrNull(limit, 4))));
    c.act(A_SENSOR_FAULT, nowMs);
  }

  /** A channel back within its limits: its out-of-limits condition is gone. */
  private recovered(channel: number): void {
    const alarms = this.c.alarms;
    this.badTicks[channel] = 0;
    this.badTickMask &= ~(1 << channel);
    alarms.sensorBadMask &= ~(1 << channel);
    alarms.sensorPresentChanged();
  }

  /** A stuck channel's raw value moved: it is live again. */
  private unstuck(channel: number): void {
    const alarms = this.c.alarms;
    alarms.sensorStuckMask &= ~(1 << channel);
    alarms.sensorPresentChanged();
  }
}
