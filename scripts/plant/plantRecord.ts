// The plant's own record of a run, one row per step boundary: what its sensors presented
// (trace column names, CELL_OPEN where a lead was off), its switch inputs, and what the
// firmware cannot see (flows, heater duty applied, volume accounts). Columnar typed
// arrays: a 90-minute run at 50 ms is 108,000 rows.

import { PLANT_SENSORS, PLANT_SWITCHES, Plant, RECORD_EXTRAS } from './plant';

export const RECORD_COLUMNS: string[] = ['t_ms', ...PLANT_SENSORS, ...PLANT_SWITCHES, ...RECORD_EXTRAS];

export class PlantRecord {
  length = 0;
  private data: Float64Array[];
  private readonly index: Record<string, number> = {};
  private readonly sensorBuf = new Float64Array(PLANT_SENSORS.length);
  private readonly switchBuf = new Float64Array(PLANT_SWITCHES.length);
  private readonly extraBuf = new Float64Array(RECORD_EXTRAS.length);

  constructor(capacity: number) {
    const n = Math.max(16, Math.ceil(capacity));
    this.data = RECORD_COLUMNS.map(() => new Float64Array(n));
    RECORD_COLUMNS.forEach((name, i) => (this.index[name] = i));
  }

  /** Appends the plant's state at its present time; returns the presented sensor values. */
  push(plant: Plant): { sensors: Float64Array; switches: Float64Array } {
    if (this.length === this.data[0].length) this.data = this.data.map((col) => {
      const grown = new Float64Array(col.length * 2);
      grown.set(col);
      return grown;
    });
    const sensors = plant.sensorValues(this.sensorBuf);
    const switches = plant.switchValues(this.switchBuf);
    const extras = plant.extraValues(this.extraBuf);
    const r = this.length++;
    const d = this.data;
    d[0][r] = plant.tMs;
    let c = 1;
    for (let i = 0; i < sensors.length; i++) d[c++][r] = sensors[i];
    for (let i = 0; i < switches.length; i++) d[c++][r] = switches[i];
    for (let i = 0; i < extras.length; i++) d[c++][r] = extras[i];
    return { sensors, switches };
  }

  has(name: string): boolean {
    return name in this.index;
  }

  /** A column's values, one per row. */
  column(name: string): Float64Array {
    const i = this.index[name];
    if (i === undefined) throw new Error(`no column ${name} in the plant record (columns: ${RECORD_COLUMNS.join(', ')})`);
    return this.data[i].subarray(0, this.length);
  }

  /** Value of a column at time tMs (the row in force then: zero-order hold). */
  valueAt(name: string, tMs: number): number {
    return this.column(name)[this.rowAt(tMs)];
  }

  /** Index of the last row at or before tMs (0 before the first). */
  rowAt(tMs: number): number {
    const t = this.data[0];
    let lo = 0;
    let hi = this.length - 1;
    if (hi < 0) throw new Error('empty plant record');
    if (t[hi] <= tMs) return hi;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid] <= tMs) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** First time at or after fromMs when `test` holds for a column's value; Infinity if never. */
  firstTime(name: string, test: (v: number) => boolean, fromMs = 0): number {
    const t = this.column('t_ms');
    const v = this.column(name);
    for (let i = 0; i < v.length; i++) if (t[i] >= fromMs && test(v[i])) return t[i];
    return Infinity;
  }
}
