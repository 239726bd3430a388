// Raw ADC ratio (0..1 of the supply, the ADC being ratiometric) -> physical units.
// A value that cannot be trusted converts to NaN, which telemetry prints as null.

/** Steinhart-Hart coefficients (1/T = A + B ln R + C ln^3 R, T in kelvin). */
export interface SteinhartHart {
  a: number;
  b: number;
  c: number;
}

/** YSI 400 series (2252 ohm at 25 degC), fitted to the published table over 0-45 degC. */
export const YSI400: SteinhartHart = { a: 1.474447721e-3, b: 2.370486854e-4, c: 1.07937636e-7 };

const KELVIN_OFFSET = 273.15;

/** Thermistor resistance in ohms from a divider ratio: supply - seriesOhm - node - thermistor - ground. */
export function dividerRatioToOhm(ratio: number, seriesOhm: number): number {
  return (seriesOhm * ratio) / (1 - ratio);
}

export function ohmToCelsius(ohm: number, sh: SteinhartHart): number {
  const lnR = Math.log(ohm);
  return 1 / (sh.a + sh.b * lnR + sh.c * lnR * lnR * lnR) - KELVIN_OFFSET;
}

/** Linear transducer front end: ratio = ratioAtZero + value * ratioPerUnit. */
export function linearRatioToValue(ratio: number, ratioAtZero: number, ratioPerUnit: number): number {
  return (ratio - ratioAtZero) / ratioPerUnit;
}
