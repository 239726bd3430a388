// Closed-loop runs through the built bundle: the plant model feeds the firmware's sensors
// from the firmware's own outputs. A healthy session raises no high or medium alarm; each
// injected fault trips its interlock within the interface contract's bound (section 6),
// counted as the contract counts it, from the first row that shows the hazard, with the
// action seen on the pins; and every run written as a trace replays to the same events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClosedLoopResult, closedLoopTrace, runClosedLoop } from '../../scripts/plant/closedLoop';
import { FaultSpec } from '../../scripts/plant/plantFaults';
import { ProfileKind, plantParams } from '../../scripts/plant/plantParams';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { CELL_OPEN, parseTrace } from '../../scripts/replay/trace';
import { hazardAlarms, of, pumpStoppedAt, requireBuild, runCli } from '../helpers';

/** Interface contract section 6: each interlock's bound from the hazard to its action, ms. */
const ICD_BOUND_MS: Record<string, number> = {
  AIR_IN_LINE: 50, ESTOP: 50, LID_OPEN: 200, DRIVER_FAULT: 200, P_ART_HIGH: 500, LEVEL_LOW: 500, PUMP_STALL: 2000,
  CUFF_LOW: 1000, T_ART_HIGH: 2000, T_TISSUE_HIGH: 2000, T_WATER_HIGH: 2000, SENSOR_FAULT: 2000, LEAK: 60000,
};

beforeAll(() => {
  requireBuild('pico');
  requireBuild('wifi');
});

function maxOf(values: Float64Array): number {
  let m = -Infinity;
  for (const v of values) if (v > m && v !== CELL_OPEN) m = v;
  return m;
}

function last(values: Float64Array): number {
  return values[values.length - 1];
}

/** First time at or after fromMs when the heater pin is off (duty 0). */
function heaterOffAt(events: ReplayEvent[], fromMs: number): number {
  let duty = 0;
  for (const e of of(events, 'heater')) {
    if (e.t > fromMs && duty === 0) return fromMs;
    duty = e.duty as number;
    if (e.t >= fromMs && duty === 0) return e.t;
  }
  return duty === 0 ? fromMs : Infinity;
}

/** The run's trace, replayed through the bundle: it must give the very same events. */
function expectReplaysTheSame(r: ClosedLoopResult): void {
  const replayed = replay(parseTrace('closed-loop.csv', closedLoopTrace(r)), { board: r.board });
  expect(replayed.summary).toEqual(r.summary);
  expect(replayed.events).toEqual(r.events);
}

describe('healthy sessions: start at the profile\'s flow, heater on', () => {
  it.each([
    ['ilp-leg', 'pico', 90], ['ilp-leg', 'wifi', 90], ['ilp-arm', 'pico', 30], ['ili', 'wifi', 30],
  ] as [ProfileKind, string, number][])('%s on %s for %d min raises no high or medium alarm', (kind, board, minutes) => {
    // The patient's pressure wanders +-8 mmHg over 15 min.
    const r = runClosedLoop({ profileKind: kind, board, durationMs: minutes * 60000, pSys: { amplitudeMmHg: 8, periodMs: 900000 } });
    expect(r.crashed).toBe(false);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(r.summary.final_state).toBe('PERFUSING');
    // The firmware's delivered volume agrees with the plant's pump at its last telemetry, to
    // within the rollers' pulsation (stroke x a / (pi k) between two instants).
    const lastTelemetry = of(r.events, 'telemetry').pop()!;
    const p = r.params;
    const pulsationMl = (p.strokeMlPerRev * p.rollerPulsation) / (Math.PI * p.rollersPerHead);
    expect(Math.abs((lastTelemetry.volume as number) - r.record.valueAt('pumped_ml', lastTelemetry.t))).toBeLessThan(pulsationMl + 0.5);
    // A 90-minute closed loop takes seconds.
    expect(r.wallMs).toBeLessThan(minutes * 250);
  });

  it('ilp-leg: the tissue reaches 38.5 degC 10-20 min after the start and stays under the 41 degC limit', () => {
    const r = runClosedLoop({ profileKind: 'ilp-leg', durationMs: 60 * 60000 });
    const startMs = of(r.events, 'state').find((e) => e.to === 'PERFUSING')!.t;
    for (const ch of ['t_prox', 't_dist']) {
      const minutes = (r.record.firstTime(ch, (v) => v >= 38.5) - startMs) / 60000;
      expect(minutes).toBeGreaterThan(10);
      expect(minutes).toBeLessThan(20);
      expect(maxOf(r.record.column(ch))).toBeLessThan(41);
    }
    expect(maxOf(r.record.column('t_water'))).toBeLessThan(45);
    expect(maxOf(r.record.column('p_art'))).toBeLessThan(300);
  });

  it('rlp-equine: a 5-minute infusion and its dwell raise no high alarm', () => {
    const r = runClosedLoop({ profileKind: 'rlp-equine', durationMs: 30 * 60000 });
    expect(r.crashed).toBe(false);
    expect(hazardAlarms(r.events).filter((e) => e.priority === 'high')).toEqual([]);
    // 60 mL infused at 12 mL/min.
    expect(last(r.record.column('pumped_ml'))).toBeCloseTo(60, 0);
  });

  // The equine profile's "reservoir" is the infusion bag, which empties by design: its
  // profile has no leak limit, so LEAK is not armed.
  it('rlp-equine: a 5-minute infusion raises no medium alarm either', () => {
    const r = runClosedLoop({ profileKind: 'rlp-equine', durationMs: 10 * 60000 });
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe('the firmware reads the plant through the board\'s front ends', () => {
  it.each(['pico', 'wifi'])('%s: telemetry matches the plant within each sensor\'s accuracy', (board) => {
    const r = runClosedLoop({ profileKind: 'ilp-leg', board, durationMs: 10 * 60000, additions: [{ atMs: 300000, volumeMl: 150 }] });
    // zero took the pressures at rest as 0: the firmware reads them less that offset.
    const zeroAt = of(r.events, 'reply').find((e) => e.cmd === 'zero')!.t;
    const offset = { p_art: r.record.valueAt('p_art', zeroAt), p_ven: r.record.valueAt('p_ven', zeroAt) };
    const tolerance: Record<string, number> = {
      t_art: 0.1, t_prox: 0.1, t_dist: 0.1, t_water: 0.1, p_art: 1.5, p_ven: 1.5, p_cuff: 1.5, p_limb: 1.5, p_sys: 0.5, level: 3,
    };
    const telemetry = of(r.events, 'telemetry').filter((e) => e.t > 120000);
    expect(telemetry.length).toBeGreaterThan(400);
    for (const e of telemetry) {
      for (const [ch, tol] of Object.entries(tolerance)) {
        const truth = r.record.valueAt(ch, e.t) - (ch === 'p_art' || ch === 'p_ven' ? offset[ch] : 0);
        // Temperatures are smoothed over about 0.7 s: compare with the plant a moment before.
        const lagged = ch.startsWith('t_') ? r.record.valueAt(ch, e.t - 700) : truth;
        expect(Math.abs((e[ch] as number) - (truth + lagged) / 2)).toBeLessThan(tol);
      }
    }
  });

  it('commands reach the plant: a new flow setpoint, then stop', () => {
    const cmds = [
      { tMs: 1000, text: 'protocol ilp-leg' }, { tMs: 1200, text: 'zero' }, { tMs: 2000, text: 'start' },
      { tMs: 120000, text: 'flow 450 confirm' }, { tMs: 300000, text: 'stop' },
    ];
    // No systemic pressure: the flow is the setpoint, not capped by the pressure servo.
    const r = runClosedLoop({ profileKind: 'ilp-leg', durationMs: 360000, cmds, connected: { p_sys: false } });
    const pumped = (t: number) => r.record.valueAt('pumped_ml', t);
    // 450 mL/min on 34 mL/rev: 13.235 rev/min; 68 s is 15 revolutions (whole: no pulsation left).
    expect(((pumped(200000 + 68000) - pumped(200000)) / 68) * 60).toBeCloseTo(450, 0);
    expect(pumped(360000)).toBe(pumped(310000));
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

type HazardAt = (r: ClosedLoopResult, alarm: ReplayEvent) => number;
const AT_MS = 600000;
const atInjection: HazardAt = () => AT_MS;
/** The first row at or after the injection where the alarm's channel is beyond the limit the firmware reported. */
const beyond = (above: boolean): HazardAt => (r, a) =>
  r.record.firstTime(a.channel as string, (v) => v !== CELL_OPEN && (above ? v > (a.limit as number) : v < (a.limit as number)), AT_MS);
/** LEAK: the reservoir below its level at the start of perfusion by more than the limit (percent). */
const leakHazard: HazardAt = (r, a) => {
  const startMs = of(r.events, 'state').find((e) => e.to === 'PERFUSING')!.t;
  const start = r.record.valueAt('level', startMs);
  return r.record.firstTime('level', (v) => v < start * (1 - (a.limit as number) / 100), AT_MS);
};

describe.each([
  // name, board, fault, alarms that answer it, hazard onset, action on the pins
  ['occlusion', 'pico', { kind: 'occlusion', atMs: AT_MS }, ['P_ART_HIGH'], beyond(true), 'pump'],
  ['occlusion', 'wifi', { kind: 'occlusion', atMs: AT_MS }, ['P_ART_HIGH'], beyond(true), 'pump'],
  ['full clamp', 'pico', { kind: 'occlusion', atMs: AT_MS, value: Infinity }, ['P_ART_HIGH'], beyond(true), 'pump'],
  ['air', 'pico', { kind: 'air', atMs: AT_MS }, ['AIR_IN_LINE'], atInjection, 'pump'],
  ['air', 'wifi', { kind: 'air', atMs: AT_MS + 37 }, ['AIR_IN_LINE'], () => AT_MS + 37, 'pump'],
  ['open t_art', 'pico', { kind: 'sensor-open', channel: 't_art', atMs: AT_MS }, ['SENSOR_FAULT'], atInjection, 'heater'],
  ['open t_water (NTC)', 'wifi', { kind: 'sensor-open', channel: 't_water', atMs: AT_MS }, ['SENSOR_FAULT'], atInjection, 'heater'],
  ['open p_art', 'pico', { kind: 'sensor-open', channel: 'p_art', atMs: AT_MS }, ['SENSOR_FAULT'], atInjection, 'pump'],
  ['open level (ADS1115)', 'wifi', { kind: 'sensor-open', channel: 'level', atMs: AT_MS }, ['SENSOR_FAULT'], atInjection, 'pump'],
  ['open p_limb bridge', 'pico', { kind: 'sensor-open', channel: 'p_limb', atMs: AT_MS }, ['SENSOR_FAULT'], atInjection, 'pump'],
  ['heater stuck on', 'pico', { kind: 'heater-stuck-on', atMs: AT_MS }, ['T_WATER_HIGH', 'T_ART_HIGH'], beyond(true), 'heater'],
  ['heater stuck on', 'wifi', { kind: 'heater-stuck-on', atMs: AT_MS }, ['T_WATER_HIGH', 'T_ART_HIGH'], beyond(true), 'heater'],
  ['leak 50 mL/min', 'pico', { kind: 'leak', atMs: AT_MS }, ['LEAK'], leakHazard, 'none'],
  ['leak 150 mL/min', 'wifi', { kind: 'leak', atMs: AT_MS, value: 150 }, ['LEAK'], leakHazard, 'none'],
  ['cuff deflation', 'pico', { kind: 'cuff-deflation', atMs: AT_MS }, ['CUFF_LOW'], beyond(false), 'pump'],
  ['emergency stop', 'pico', { kind: 'estop', atMs: AT_MS }, ['ESTOP'], atInjection, 'both'],
  ['lid opened', 'pico', { kind: 'lid', atMs: AT_MS }, ['LID_OPEN'], atInjection, 'pump'],
  ['driver fault', 'pico', { kind: 'driver-fault', atMs: AT_MS }, ['DRIVER_FAULT'], atInjection, 'pump'],
  ['head stalled', 'pico', { kind: 'stall', atMs: AT_MS }, ['PUMP_STALL'], atInjection, 'pump'],
] as [string, string, FaultSpec, string[], HazardAt, 'pump' | 'heater' | 'both' | 'none'][])('%s on %s (ilp-leg, at 10 min)', (_name, board, fault, ids, hazardAt, action) => {
  let r: ClosedLoopResult;
  beforeAll(() => {
    r = runClosedLoop({ profileKind: 'ilp-leg', board, durationMs: AT_MS + 180000, faults: [fault] });
  });

  it('trips its interlock within the contract\'s bound from the hazard, with the action on the pins', () => {
    expect(r.crashed).toBe(false);
    expect(hazardAlarms(r.events).filter((e) => e.t < AT_MS)).toEqual([]);
    const alarm = hazardAlarms(r.events).find((e) => e.active === true && ids.includes(e.id as string))!;
    expect(alarm).toBeDefined();
    if (fault.kind === 'sensor-open') expect(alarm.channel).toBe(fault.channel);
    const hazardMs = hazardAt(r, alarm);
    expect(hazardMs).toBeGreaterThanOrEqual(fault.atMs);
    const bound = ICD_BOUND_MS[alarm.id as string];
    expect(alarm.t - hazardMs).toBeGreaterThanOrEqual(0);
    expect(alarm.t - hazardMs).toBeLessThanOrEqual(bound);
    if (action === 'pump' || action === 'both') expect(pumpStoppedAt(r.events, hazardMs) - hazardMs).toBeLessThanOrEqual(bound);
    if (action === 'heater' || action === 'both') expect(heaterOffAt(r.events, hazardMs) - hazardMs).toBeLessThanOrEqual(bound);
  });

  it('written as a trace, replays to the same events', () => {
    expectReplaysTheSame(r);
  });
});

describe('runs', () => {
  const scenario = {
    profileKind: 'ilp-arm' as const, durationMs: 8 * 60000, pSys: { amplitudeMmHg: 10, periodMs: 120000 },
    faults: [{ kind: 'leak', atMs: 200000, untilMs: 260000, value: 30 }, { kind: 'sensor-open', channel: 't_prox', atMs: 300000, untilMs: 300500 }] as FaultSpec[],
    additions: [{ atMs: 400000, volumeMl: 80 }],
  };

  it('are deterministic: the same scenario gives the same events and plant record', () => {
    const a = runClosedLoop(scenario);
    const b = runClosedLoop(scenario);
    expect(b.events).toEqual(a.events);
    for (const name of ['p_art', 't_art', 'level', 'pumped_ml', 'heater_duty']) expect(b.record.column(name)).toEqual(a.record.column(name));
  });

  it('step at any size; faults, additions and commands off the step grid land at their own times', () => {
    const r = runClosedLoop({ ...scenario, stepMs: 137, cmds: [{ tMs: 1003, text: 'protocol ilp-arm' }, { tMs: 2011, text: 'prime' }, { tMs: 61999, text: 'start' }] });
    const t = r.record.column('t_ms');
    for (const time of [1003, 2011, 61999, 200000, 260000, 300000, 300500, 400000]) expect(t).toContain(time);
    expect(r.record.valueAt('t_prox', 300000)).toBe(CELL_OPEN);
    expect(r.record.valueAt('t_prox', 300500)).not.toBe(CELL_OPEN);
    expectReplaysTheSame(r);
  });

  it('refuse commands at the same time or outside the run', () => {
    expect(() => runClosedLoop({ durationMs: 10000, cmds: [{ tMs: 1000, text: 'zero' }, { tMs: 1000, text: 'start' }] })).toThrow(/increase strictly/);
    expect(() => runClosedLoop({ durationMs: 10000, cmds: [{ tMs: 20000, text: 'zero' }] })).toThrow(/outside the run/);
  });

  it('honour the plant\'s tubing: the firmware told 1/4 pumps the 1/4 set\'s stroke', () => {
    const p = plantParams('ili');
    const r = runClosedLoop({ profileKind: 'ili', durationMs: 5 * 60000 });
    // ILI starts at 62 s at 60 mL/min on 15 mL/rev (4 rev/min): 2 min = 8 whole revolutions.
    const pumped = r.record.valueAt('pumped_ml', 240000) - r.record.valueAt('pumped_ml', 120000);
    expect(pumped).toBeCloseTo(2 * 60, 0);
    expect(p.strokeMlPerRev).toBe(15);
  });
});

describe('plant-run CLI', () => {
  it('runs a scenario, prints a summary and writes a trace that replays to the same alarms', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plant-run-'));
    const file = path.join(dir, 'occlusion.csv');
    const out = runCli(['scripts/plant/cli.ts', '--profile', 'ilp-leg', '--minutes', '11', '--fault', 'occlusion@600', '--trace', file]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/alarm {5}P_ART_HIGH p_art \(high\) at 60[0-9.]+ s \(\+[0-9.]+ s after occlusion@600s\)/);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^# protocol: ilp-leg\n# board: pico\n# source: synthetic\n/);
    const replayed = replay(parseTrace(file, text), { board: 'pico' });
    expect(replayed.summary.alarms).toEqual({ CALIBRATION_DEFAULT: 1, P_ART_HIGH: 1 });
    fs.rmSync(dir, { recursive: true });
  });

  it('rejects a malformed fault with exit status 2', () => {
    const out = runCli(['scripts/plant/cli.ts', '--fault', 'occlusion@soon']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/kind\[:channel\]\[=value\]@start_s/);
  });
});
