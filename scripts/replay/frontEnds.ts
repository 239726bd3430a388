// The electrical model of each sensor front end: what a trace value looks like on the
// pin. Thermistors use the published YSI 400 table (never the firmware's equation), so a
// replay measures the firmware's conversion error.

import fs from 'node:fs';
import path from 'node:path';
import { ChannelSpec } from '../board/board';
import { CELL_OPEN as OPEN_CELL, CELL_SHORT as SHORT_CELL } from './trace';

// Local copies: these closures run on every ADC read of a replay.
const CELL_OPEN = OPEN_CELL;
const CELL_SHORT = SHORT_CELL;

export interface TableRow {
  tempC: number;
  ohm: number;
}

let ysiTable: TableRow[] | null = null;

/** The YSI 400 resistance table shipped in scripts/data. */
export function ysi400Table(): TableRow[] {
  if (ysiTable) return ysiTable;
  const text = fs.readFileSync(path.resolve(__dirname, 'data', 'ysi400-r-vs-t.csv'), 'utf8');
  const rows: TableRow[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('temp_c') || line.trim() === '') continue;
    const [t, r] = line.split(',').map(Number);
    rows.push({ tempC: t, ohm: r });
  }
  ysiTable = rows;
  return rows;
}

const KELVIN = 273.15;

/**
 * Resistance at tempC from the table: ln R interpolated linearly in 1/T between the two
 * neighbouring rows (the table's own note: log R is near-linear in 1/T).
 */
export function tableOhm(table: TableRow[], tempC: number): number {
  const n = table.length;
  let i = 0;
  if (tempC <= table[0].tempC) i = 0;
  else if (tempC >= table[n - 1].tempC) i = n - 2;
  else {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (table[mid].tempC <= tempC) lo = mid;
      else hi = mid;
    }
    i = lo;
  }
  const a = table[i];
  const b = table[i + 1];
  const x = 1 / (tempC + KELVIN);
  const xa = 1 / (a.tempC + KELVIN);
  const xb = 1 / (b.tempC + KELVIN);
  const f = (x - xa) / (xb - xa);
  return Math.exp(Math.log(a.ohm) + f * (Math.log(b.ohm) - Math.log(a.ohm)));
}

/** A function from the trace value of a channel to the pin's ratio of the supply (0..1). */
export type PinModel = (value: number) => number;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * Thermistor in a divider (supply - series resistor - pin - thermistor - ground): an open
 * probe lets the series resistor pull the pin to the supply, a short pulls it to ground.
 * Linear transducer amplifier: an open lead lets the bias resistor pull the input to
 * ground; a short to the excitation drives it to the supply.
 */
/**
 * The 10 kohm "10K3" NTC has no table in this project: its model is the manufacturers'
 * published Steinhart-Hart curve, solved for resistance here (independently of the
 * firmware, which goes the other way).
 */
const NTC10K_PUBLISHED = { a: 1.129148e-3, b: 2.34125e-4, c: 8.76741e-8 };

export function ntc10kOhm(tempC: number): number {
  // 1/T = a + b x + c x^3 with x = ln R: Cardano's solution of the depressed cubic.
  const { a, b, c } = NTC10K_PUBLISHED;
  const y = (a - 1 / (tempC + KELVIN)) / c;
  const x = Math.sqrt((b / (3 * c)) ** 3 + (y * y) / 4);
  return Math.exp(Math.cbrt(x - y / 2) - Math.cbrt(x + y / 2));
}

/**
 * A channel on the ADS1115: trace value -> volts on its input (not a ratio: the converter's
 * gain is the firmware's choice, applied by the converter model). A bridge transducer's
 * differential output sits near 0 V; a lead off lets its bias resistor pull the positive
 * input to ground (-VDD/2 across the pair), a short to the excitation drives it to +VDD/2.
 * A single-ended input reads 0 V open and VDD shorted to the supply.
 */
export function adsVoltsModel(name: string, spec: ChannelSpec, vddVolts: number): PinModel {
  if (spec.voltsAtZero === undefined || spec.voltsPerUnit === undefined || !spec.mux) throw new Error(`channel ${name}: ads1115 needs mux, voltsAtZero, voltsPerUnit`);
  const differential = spec.mux.includes('-');
  const zero = spec.voltsAtZero;
  const perUnit = spec.voltsPerUnit;
  const open = differential ? -vddVolts / 2 : 0;
  const short = differential ? vddVolts / 2 : vddVolts;
  // Whole microvolts: the interpreter engine carries them as integers, and both engines
  // must present the converter the very same value.
  return (v) => (v === CELL_OPEN ? open : v === CELL_SHORT ? short : Math.round((zero + v * perUnit) * 1e6) / 1e6);
}

export function pinModelOf(name: string, spec: ChannelSpec): PinModel {
  if (spec.frontEnd === 'thermistor') {
    let ohmAt: (tempC: number) => number;
    if (spec.probe === 'ysi400') {
      const table = ysi400Table();
      ohmAt = (t) => tableOhm(table, t);
    } else if (spec.probe === 'ntc10k') ohmAt = ntc10kOhm;
    else throw new Error(`channel ${name}: no model for probe ${spec.probe}`);
    const series = spec.seriesOhm as number;
    return (v) => {
      if (v === CELL_OPEN) return 1;
      if (v === CELL_SHORT) return 0;
      const r = ohmAt(v);
      return r / (series + r);
    };
  }
  if (spec.frontEnd === 'transducer') {
    const zero = spec.ratioAtZero as number;
    const perUnit = spec.ratioPerUnit as number;
    return (v) => {
      if (v === CELL_OPEN) return 0;
      if (v === CELL_SHORT) return 1;
      return clamp01(zero + v * perUnit);
    };
  }
  throw new Error(`channel ${name}: front end ${spec.frontEnd} is not modelled on an ADC pin`);
}
