// Raw ADC ratio (0..1 of the supply, the ADC being ratiometric) -> physical units.
// A value that cannot be trusted converts to NaN, which telemetry prints as null.

/** Steinhart-Hart coefficients (1/T = A + B ln R + C ln^3 R, T in kelvin). */
export interface SteinhartHart {
  a: number;
  b: number;
  c: number;
}

/**
 * YSI 400 series (2252 ohm at 25 degC): a three-point Steinhart-Hart fit through the
 * published table's 25, 35 and 45 degC rows (2252, 1471 and 983.8 ohm). Against the whole
 * table it is within 0.0091 degC over 25-45 degC and 0.043 over 0-60 (the often quoted
 * 0-45 degC fit, A 1.474447721e-3, B 2.370486854e-4, C 1.07937636e-7, is off by 0.025 at
 * 40 degC, over the 0.02 budget). Derivation: test/unit/conversions.test.ts.
 */
export const YSI400: SteinhartHart = { a: 1.4749546446763196e-3, b: 2.3679740322561725e-4, c: 1.1105240747228018e-7 };

/**
 * A 10 kohm NTC (beta about 3977 K, the common "10K3" curve, 10 000 ohm at 25 degC):
 * the manufacturers' Steinhart-Hart coefficients for that curve.
 */
export const NTC10K: SteinhartHart = { a: 1.129148e-3, b: 2.34125e-4, c: 8.76741e-8 };

/** Coefficients by the probe name used in the board files. */
export function probeCoefficients(probe: string): SteinhartHart | null {
  if (probe === 'ysi400') return YSI400;
  if (probe === 'ntc10k') return NTC10K;
  return null;
}

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
