// The readings of one control tick: every channel's raw ratio converted through its front
// end (frontEnds.ts), then corrected (zero and span of the line pressures, span of the
// cuff, tare of the reservoir). `convert` and its inverse `rawAt` sit side by side: the
// interlocks compare raw values with limits turned into raw ratios by `rawAt`, so an
// error in a conversion or a correction cannot hide a hazard. The mean line pressures
// are kept here too.

import { CHANNEL_COUNT, CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_P_LIMB, CH_P_VEN } from '../channels';
import { ChannelConverter, FRONT_END_LINEAR, FRONT_END_THERMISTOR, FrontEnd, thermistorRatioAt } from './frontEnds';

/** Rollers on the pump head: the line pressure pulses once per roller pass. */
export const HEAD_ROLLERS = 2;
/** Smallest time constant of the mean line pressure, ms (pump stopped or fast). */
export const PRESSURE_MEAN_MIN_TAU_MS = 1000;

/** The gain corrections in force (settings' span: p_art, p_ven, p_cuff). */
export interface SpanSource {
  readonly settings: { span: number[] };
}

/** Largest pressure offset `zero` accepts: more means the transducer is not open to air. */
export const ZERO_LIMIT_MMHG = 50;
/** Largest offset `tare` accepts, mL. */
export const TARE_LIMIT_ML = 1000;

export class Sensing {
  readonly converter: ChannelConverter;
  /** Latest converted readings; NaN = not available. */
  readonly readings = new Float64Array(CHANNEL_COUNT);
  zeroArtMmHg = 0;
  zeroVenMmHg = 0;
  /** Reservoir offset set by `tare`, mL. */
  levelOffsetMl = 0;
  /**
   * Mean arterial, venous and limb pressures: the roller pump makes the line pressure pulse
   * once per roller pass, so these average over about 1.5 passes (time constant from the
   * pump speed). Telemetry, status and control use the means; interlocks use the
   * instantaneous readings, so smoothing never delays an alarm.
   */
  pArtMeanMmHg = NaN;
  pVenMeanMmHg = NaN;
  pLimbMeanMmHg = NaN;

  constructor(frontEnds: FrontEnd[], private readonly spans: SpanSource) {
    this.converter = new ChannelConverter(frontEnds);
    for (let i = 0; i < CHANNEL_COUNT; i++) this.readings[i] = NaN;
  }

  /**
   * Readings from raw ratios, corrections applied; returns the mask of channels without a
   * reading (see ChannelConverter.convert).
   */
  convert(raw: Float64Array, rawLow: Float64Array, rawHigh: Float64Array, thermal: boolean): number {
    const readings = this.readings;
    const bad = this.converter.convert(raw, readings, rawLow, rawHigh, thermal);
    const span = this.spans.settings.span;
    readings[CH_P_ART] = (readings[CH_P_ART] - this.zeroArtMmHg) * span[0];
    readings[CH_P_VEN] = (readings[CH_P_VEN] - this.zeroVenMmHg) * span[1];
    readings[CH_P_CUFF] *= span[2];
    readings[CH_LEVEL] -= this.levelOffsetMl;
    return bad;
  }

  /**
   * Raw ratio a channel's front end gives at `value` of its reading, with the corrections
   * in force (zero, span, tare); NaN where the channel has no front end.
   */
  rawAt(channel: number, value: number): number {
    const fe = this.converter;
    const kind = fe.kind[channel];
    if (kind === FRONT_END_THERMISTOR) {
      return thermistorRatioAt(value, fe.seriesOhm[channel], { a: fe.shA[channel], b: fe.shB[channel], c: fe.shC[channel] });
    }
    if (kind !== FRONT_END_LINEAR) return NaN;
    let converted = value;
    const span = this.spans.settings.span;
    if (channel === CH_P_ART) converted = value / span[0] + this.zeroArtMmHg;
    else if (channel === CH_P_VEN) converted = value / span[1] + this.zeroVenMmHg;
    else if (channel === CH_P_CUFF) converted = value / span[2];
    else if (channel === CH_LEVEL) converted = value + this.levelOffsetMl;
    return fe.ratioAtZero[channel] + converted * fe.ratioPerUnit[channel];
  }

  /** The means follow the readings with a time constant of 1.5 roller passes at `rpm`. */
  updateMeans(dtMs: number, rpm: number): void {
    let tauMs = rpm > 0 ? (1.5 * 60000) / (rpm * HEAD_ROLLERS) : PRESSURE_MEAN_MIN_TAU_MS;
    if (tauMs < PRESSURE_MEAN_MIN_TAU_MS) tauMs = PRESSURE_MEAN_MIN_TAU_MS;
    const a = dtMs / (tauMs + dtMs);
    const readings = this.readings;
    const art = readings[CH_P_ART];
    const ven = readings[CH_P_VEN];
    const limb = readings[CH_P_LIMB];
    const artMean = this.pArtMeanMmHg;
    const venMean = this.pVenMeanMmHg;
    const limbMean = this.pLimbMeanMmHg;
    this.pArtMeanMmHg = art !== art ? NaN : artMean === artMean ? artMean + (art - artMean) * a : art;
    this.pVenMeanMmHg = ven !== ven ? NaN : venMean === venMean ? venMean + (ven - venMean) * a : ven;
    this.pLimbMeanMmHg = limb !== limb ? NaN : limbMean === limbMean ? limbMean + (limb - limbMean) * a : limb;
  }
}
