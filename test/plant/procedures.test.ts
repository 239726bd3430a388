// Whole procedures through the built bundle against the plant model: each profile's phases
// advance on their timers and volumes with their events and prompts; the equine infusion
// delivers its volume within 2% and prompts to release the tourniquet after the dwell;
// no high or medium alarm on the way.
import { ClosedLoopResult, healthyCommands, runClosedLoop } from '../../scripts/plant/closedLoop';
import { ProfileKind, plantParams } from '../../scripts/plant/plantParams';
import { ReplayEvent } from '../../scripts/replay/replay';
import { PROFILES } from '../../firmware/core/profiles';
import { hazardAlarms, of, requireBuild } from '../helpers';

beforeAll(() => {
  requireBuild('pico');
});

const MIN = 60000;
const profile = (id: string) => PROFILES.find((p) => p.id === id)!;

/** The healthy session's commands, then these at their times. */
function session(kind: ProfileKind, extra: { tMs: number; text: string }[]) {
  return healthyCommands(plantParams(kind)).concat(extra).sort((a, b) => a.tMs - b.tMs);
}

const phases = (events: ReplayEvent[]) => of(events, 'phase').map((e) => [e.t, e.name, e.drug]);
const prompts = (events: ReplayEvent[]) => of(events, 'prompt').map((e) => [e.t, e.phase, e.text]);

/** The time the pump started perfusing (`start`). */
const startedAt = (r: ClosedLoopResult) => of(r.events, 'state').find((e) => e.to === 'PERFUSING')!.t;

describe('ILP leg: warm-up, TNF 30 min, melphalan 60 min, washout 1 L', () => {
  const p = profile('ilp-leg');
  // The operator gives TNF at 20 min (after the warm-up's prompt) and stops once washed out.
  const r = runClosedLoop({ profileKind: 'ilp-leg', durationMs: 118 * MIN, cmds: session('ilp-leg', [{ tMs: 20 * MIN, text: 'next' }, { tMs: 117 * MIN, text: 'stop' }]) });

  it('advances on its timers and volume, with a prompt where the team must act', () => {
    const start = startedAt(r);
    const ph = phases(r.events);
    expect(ph.map((x) => [x[1], x[2]])).toEqual([['warmup', undefined], ['drug', 'tnf'], ['drug', 'melphalan'], ['washout', undefined], ['done', undefined]]);
    expect(ph[0][0]).toBe(start);
    expect(ph[1][0]).toBe(20 * MIN);
    // Timers are checked once a second.
    expect((ph[2][0] as number) - 20 * MIN).toBeGreaterThanOrEqual(p.drug1Min * MIN);
    expect((ph[2][0] as number) - 20 * MIN).toBeLessThanOrEqual(p.drug1Min * MIN + 1000);
    expect((ph[3][0] as number) - (ph[2][0] as number)).toBeGreaterThanOrEqual(p.drug2Min * MIN);
    expect((ph[3][0] as number) - (ph[2][0] as number)).toBeLessThanOrEqual(p.drug2Min * MIN + 1000);
    // The washout ends on 1000 mL pumped at 350 mL/min: about 2.9 min.
    const washout = r.record.valueAt('pumped_ml', ph[4][0] as number) - r.record.valueAt('pumped_ml', ph[3][0] as number);
    expect(Math.abs(washout - p.washoutMl)).toBeLessThan(p.washoutMl * 0.02);
    const pr = prompts(r.events);
    expect(pr.map((x) => x[1])).toEqual(['warmup', 'drug', 'washout', 'done']);
    // The warm-up's prompt comes once both tissue probes read 38 degC.
    const warm = pr[0][0] as number;
    expect(r.record.valueAt('t_prox', warm)).toBeGreaterThanOrEqual(37.95);
    expect(r.record.valueAt('t_dist', warm)).toBeGreaterThanOrEqual(37.95);
    expect(warm).toBeLessThan(20 * MIN);
    expect(pr[1][2]).toBe('give melphalan now');
    // Each prompt sounds as a low alarm.
    expect(of(r.events, 'alarm').filter((e) => e.id === 'PHASE_PROMPT' && e.active === true).length).toBe(4);
  });

  it('keeps the tissue in the drug phases at 38.5-40 degC, and raises no high or medium alarm', () => {
    const ph = phases(r.events);
    const t = r.record.column('t_ms');
    for (const ch of ['t_prox', 't_dist']) {
      const v = r.record.column(ch);
      let low = Infinity;
      let high = -Infinity;
      for (let i = 0; i < v.length; i++) {
        if (t[i] < (ph[2][0] as number) || t[i] > (ph[3][0] as number)) continue;
        if (v[i] < low) low = v[i];
        if (v[i] > high) high = v[i];
      }
      expect(low).toBeGreaterThan(38.5);
      expect(high).toBeLessThanOrEqual(40);
    }
    expect(hazardAlarms(r.events)).toEqual([]);
  });

  it('reports the phase and its minutes in status', () => {
    const s = runClosedLoop({ profileKind: 'ilp-leg', durationMs: 3 * MIN, cmds: session('ilp-leg', [{ tMs: 2.5 * MIN, text: 'status' }]) });
    const text = of(s.events, 'reply').find((e) => e.cmd === 'status')!.text as string;
    expect(text).toMatch(/ phase=warmup phase_min=1\.5 /);
  });
});

describe('ILP arm: the same phases at the arm\'s flow', () => {
  it('advances on its timers and volume, with no high or medium alarm', () => {
    const p = profile('ilp-arm');
    const r = runClosedLoop({ profileKind: 'ilp-arm', durationMs: 118 * MIN, cmds: session('ilp-arm', [{ tMs: 15 * MIN, text: 'next' }, { tMs: 117 * MIN, text: 'stop' }]) });
    const ph = phases(r.events);
    expect(ph.map((x) => [x[1], x[2]])).toEqual([['warmup', undefined], ['drug', 'tnf'], ['drug', 'melphalan'], ['washout', undefined], ['done', undefined]]);
    expect((ph[3][0] as number) - (ph[1][0] as number)).toBeGreaterThanOrEqual((p.drug1Min + p.drug2Min) * MIN);
    expect((ph[3][0] as number) - (ph[1][0] as number)).toBeLessThanOrEqual((p.drug1Min + p.drug2Min) * MIN + 2000);
    // 1000 mL at 120 mL/min: about 8.3 min.
    const washout = r.record.valueAt('pumped_ml', ph[4][0] as number) - r.record.valueAt('pumped_ml', ph[3][0] as number);
    expect(Math.abs(washout - p.washoutMl)).toBeLessThan(p.washoutMl * 0.02);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe('ILI: warm-up, one 30-minute circulation, washout', () => {
  it('advances on its timer and volume, on a limb warmed before the procedure', () => {
    const p = profile('ili');
    const r = runClosedLoop({
      profileKind: 'ili', durationMs: 55 * MIN, params: { initialProxC: 37.8, initialDistC: 37.6 },
      cmds: session('ili', [{ tMs: 10 * MIN, text: 'next' }, { tMs: 54 * MIN, text: 'stop' }]),
    });
    const ph = phases(r.events);
    expect(ph.map((x) => x[1])).toEqual(['warmup', 'drug', 'washout', 'done']);
    expect(ph[1][2]).toBeUndefined();
    expect((ph[2][0] as number) - (ph[1][0] as number)).toBeGreaterThanOrEqual(p.drug1Min * MIN);
    expect((ph[2][0] as number) - (ph[1][0] as number)).toBeLessThanOrEqual(p.drug1Min * MIN + 1000);
    // The firmware counts the volume it programmed; the plant, the steps it received.
    const washout = r.record.valueAt('pumped_ml', ph[3][0] as number) - r.record.valueAt('pumped_ml', ph[2][0] as number);
    expect(Math.abs(washout - p.washoutMl)).toBeLessThan(p.washoutMl * 0.02);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe.each([
  ['the profile\'s 60 mL over 5 min', [] as { tMs: number; text: string }[], 60, 12],
  ['40 mL over 4 min set with infuse', [{ tMs: 1500, text: 'infuse 40 4' }], 40, 10],
  ['30 mL over 1 min, the fastest', [{ tMs: 1500, text: 'infuse 30 1' }], 30, 30],
])('equine RLP: %s', (_name, extra, volumeMl, flowMlMin) => {
  const p = profile('rlp-equine');
  const r = runClosedLoop({ profileKind: 'rlp-equine', durationMs: 45 * MIN, cmds: session('rlp-equine', extra) });

  it('delivers the volume within 2% at its flow, then stops by itself', () => {
    const pumped = r.record.column('pumped_ml');
    expect(Math.abs(pumped[pumped.length - 1] - volumeMl)).toBeLessThanOrEqual(volumeMl * 0.02);
    const infuse = of(r.events, 'phase').find((e) => e.name === 'infuse')!.t;
    const dwell = of(r.events, 'phase').find((e) => e.name === 'dwell')!.t;
    expect((dwell - infuse) / MIN).toBeCloseTo(volumeMl / flowMlMin, 1);
    expect(of(r.events, 'state').map((e) => e.to)).toEqual(['IDLE', 'PERFUSING', 'IDLE']);
  });

  it('prompts to release the tourniquet when the dwell is over, and raises no high or medium alarm', () => {
    const dwell = of(r.events, 'phase').find((e) => e.name === 'dwell')!.t;
    const done = of(r.events, 'phase').find((e) => e.name === 'done')!.t;
    expect(done - dwell).toBeGreaterThanOrEqual(p.dwellMin * MIN);
    expect(done - dwell).toBeLessThanOrEqual(p.dwellMin * MIN + 1000);
    expect(prompts(r.events).pop()).toEqual([done, 'done', 'dwell over: release the tourniquet']);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});
