// The heater's closed-loop control through the built bundle, against the plant model:
// the ILP leg perfusate reaches its target without more than 0.5 degC overshoot and stays
// within 0.2 degC of it from 10 minutes on; the distal tissue passes 38.5 degC within 20
// minutes and stays under its 40 degC ceiling; a target the tissue cannot take is pulled
// down by the tissue; a weak exchanger makes the water hot, never past its ceiling.
import { healthyCommands, runClosedLoop } from '../../scripts/plant/closedLoop';
import { PlantParams, plantParams } from '../../scripts/plant/plantParams';
import { hazardAlarms, requireBuild } from '../helpers';

beforeAll(() => {
  requireBuild('pico');
  requireBuild('wifi');
});

function maxOf(values: Float64Array, from = 0): number {
  let m = -Infinity;
  for (let i = from; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

function minOf(values: Float64Array, from = 0): number {
  let m = Infinity;
  for (let i = from; i < values.length; i++) if (values[i] < m) m = values[i];
  return m;
}

/** The healthy ILP leg session with another perfusate target. */
function legRun(board: string, tempC: number, minutes: number, params?: Partial<PlantParams>) {
  const cmds = healthyCommands(plantParams('ilp-leg')).map((c) => (c.text.startsWith('temp ') ? { tMs: c.tMs, text: `temp ${tempC}` } : c));
  return runClosedLoop({ board, profileKind: 'ilp-leg', durationMs: minutes * 60000, cmds, params });
}

describe.each(['pico', 'wifi'])('ILP leg on %s, perfusate target 40 degC', (board) => {
  const r = legRun(board, 40, 45);
  const rec = r.record;
  const heatFromMs = 2000; // `prime` at 2 s starts the heater

  it('reaches the target without more than 0.5 degC overshoot and settles within 0.2 degC in 10 minutes', () => {
    expect(maxOf(rec.column('t_art'))).toBeLessThanOrEqual(40.5);
    const settled = rec.rowAt(heatFromMs + 10 * 60000);
    expect(maxOf(rec.column('t_art'), settled)).toBeLessThanOrEqual(40.2);
    expect(minOf(rec.column('t_art'), settled)).toBeGreaterThanOrEqual(39.8);
  });

  it('brings the distal tissue above 38.5 degC within 20 minutes and keeps every temperature under its ceiling', () => {
    expect(rec.firstTime('t_dist', (v) => v > 38.5) - heatFromMs).toBeLessThan(20 * 60000);
    expect(maxOf(rec.column('t_prox'))).toBeLessThanOrEqual(40);
    expect(maxOf(rec.column('t_dist'))).toBeLessThanOrEqual(40);
    expect(maxOf(rec.column('t_water'))).toBeLessThanOrEqual(44);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe('the limits override the target', () => {
  it('a 41 degC perfusate target: the tissue holds near its 40 degC ceiling, far from T_TISSUE_HIGH at 41', () => {
    const r = legRun('pico', 41, 50);
    const rec = r.record;
    expect(maxOf(rec.column('t_prox'))).toBeLessThanOrEqual(40.3);
    expect(maxOf(rec.column('t_dist'))).toBeLessThanOrEqual(40.3);
    // It is the tissue that holds the perfusate back: under its target at the end.
    expect(rec.column('t_art')[rec.length - 1]).toBeLessThan(40.6);
    expect(hazardAlarms(r.events)).toEqual([]);
  });

  it('a weak heat exchanger: the water runs hot but stays under its 44 degC ceiling (T_WATER_HIGH at 45)', () => {
    const r = legRun('pico', 41, 50, { exchangerWPerK: 12 });
    const rec = r.record;
    expect(maxOf(rec.column('t_water'))).toBeGreaterThan(43);
    expect(maxOf(rec.column('t_water'))).toBeLessThanOrEqual(44);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});
