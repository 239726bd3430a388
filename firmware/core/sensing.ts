// Converts one tick's raw ADC ratios into readings in physical units, by channel.
// A ratio at either rail means a lead is open or shorted: the reading becomes NaN.

import { SteinhartHart, dividerRatioToOhm, linearRatioToValue, ohmToCelsius } from './conversions';

export const FRONT_END_NONE = 0;
export const FRONT_END_THERMISTOR = 1;
export const FRONT_END_LINEAR = 2;

/** Ratios within this distance of a rail cannot come from a working sensor. */
export const RAIL_MARGIN = 0.01;

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
