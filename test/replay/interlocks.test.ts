// ESTOP and AIR_IN_LINE through the flashed bundle: trip traces within the bounds of the
// interface contract, latching until ack and a new start, and healthy traces that stay quiet.
import path from 'node:path';
import { HEALTHY_CMDS, ilpLegSession } from '../../scripts/replay/synth-trace';
import { TRACES, of, pumpRunningAt, pumpStoppedAt, replayFile, replayText, hazardAlarms, hazardCounts } from '../helpers';

const AIR_BOUND_MS = 50;
const ESTOP_BOUND_MS = 50;

describe('AIR_IN_LINE', () => {
  const r = replayFile(path.join(TRACES, 'air-in-line.csv'));
  const hazardMs = 150000;

  it('raises a high alarm and stops the pump within 50 ms of the bubble', () => {
    const alarm = hazardAlarms(r.events).find((e) => e.id === 'AIR_IN_LINE' && e.active === true);
    expect(alarm).toBeDefined();
    expect(alarm!.priority).toBe('high');
    expect(alarm!.t).toBeGreaterThanOrEqual(hazardMs);
    expect(alarm!.t - hazardMs).toBeLessThanOrEqual(AIR_BOUND_MS);
    expect(pumpRunningAt(r.events, hazardMs - 1)).toBe(true);
    expect(pumpStoppedAt(r.events, hazardMs) - hazardMs).toBeLessThanOrEqual(AIR_BOUND_MS);
  });

  it('keeps the pump stopped after the bubble clears until ack and start', () => {
    for (let t = hazardMs + 100; t < 180000; t += 100) expect(pumpRunningAt(r.events, t)).toBe(false);
    const replies = of(r.events, 'reply').filter((e) => e.t >= hazardMs);
    expect(replies.map((e) => e.text)).toEqual(['err start state not allowed in FAULT', 'ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 181000)).toBe(true);
    expect(hazardCounts(r.summary)).toEqual({ AIR_IN_LINE: 1 });
    expect(r.summary.final_state).toBe('PERFUSING');
  });
});

describe('ESTOP', () => {
  const r = replayFile(path.join(TRACES, 'estop.csv'));
  const hazardMs = 120000;

  it('stops the pump and turns the heater off within 50 ms', () => {
    const alarm = hazardAlarms(r.events).find((e) => e.id === 'ESTOP' && e.active === true);
    expect(alarm!.t - hazardMs).toBeLessThanOrEqual(ESTOP_BOUND_MS);
    expect(pumpStoppedAt(r.events, hazardMs) - hazardMs).toBeLessThanOrEqual(ESTOP_BOUND_MS);
    const heaterBefore = of(r.events, 'heater').filter((e) => e.t < hazardMs).pop();
    expect(heaterBefore!.duty).toBeGreaterThan(0);
    const heaterOff = of(r.events, 'heater').find((e) => e.t >= hazardMs);
    expect(heaterOff!.duty).toBe(0);
    expect(heaterOff!.t - hazardMs).toBeLessThanOrEqual(ESTOP_BOUND_MS);
  });

  it('refuses ack while the button is pressed, then returns to IDLE and restarts on start', () => {
    const replies = of(r.events, 'reply').filter((e) => e.t >= hazardMs).map((e) => e.text);
    expect(replies).toEqual(['err ack state ESTOP still present', 'ok ack', 'ok start 350']);
    for (let t = hazardMs + 100; t < 140000; t += 500) expect(pumpRunningAt(r.events, t)).toBe(false);
    expect(pumpRunningAt(r.events, 142000)).toBe(true);
  });
});

describe('healthy default session', () => {
  const r = replayFile(path.join(TRACES, 'ilp-leg-default.csv'));

  it('runs to the end with no high or medium alarm and every command accepted', () => {
    expect(r.crashed).toBe(false);
    const alarms = hazardAlarms(r.events).filter((e) => e.priority === 'high' || e.priority === 'medium');
    expect(alarms).toEqual([]);
    const replies = of(r.events, 'reply');
    expect(replies.map((e) => e.cmd)).toEqual(['protocol ilp-leg', 'zero', 'prime', 'start', 'flow 350', 'temp 40', 'stop']);
    for (const e of replies) expect(String(e.text)).toMatch(/^ok /);
    expect(r.summary.final_state).toBe('IDLE');
    expect(r.summary.t_end).toBe(1199900);
  });

  it('sends telemetry at least once a second', () => {
    const tel = of(r.events, 'telemetry');
    expect(tel.length).toBeGreaterThanOrEqual(1199);
    for (let i = 1; i < tel.length; i++) expect(tel[i].t - tel[i - 1].t).toBeLessThanOrEqual(1000);
  });

  it('delivers the volume that flow x time implies', () => {
    // Prime at 300 from 20 s, 350 from 60 s to the stop at 1190 s, plus short ramps.
    const expected = (300 * 40 + 350 * 1130) / 60;
    expect(Math.abs(r.summary.volume - expected) / expected).toBeLessThan(0.01);
  });
});

describe('between control ticks', () => {
  it('acts from the pin watch after its debounce, not at the next tick', () => {
    // Ticks run every 100 ms from boot; 1033 and 2047 fall between them. The board file
    // debounces the air detector 2 ms and the emergency stop 10 ms.
    const csv = 't_ms,bubble,estop,cmd\n0,0,0,\n1033,1,,\n1200,0,,\n1500,,,ack\n1600,,,start\n2047,,1,\n3000,,,\n';
    const r = replayText(csv);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true).map((e) => [e.t, e.id]);
    expect(raised).toEqual([[1035, 'AIR_IN_LINE'], [2057, 'ESTOP']]);
    expect(pumpRunningAt(r.events, 2050)).toBe(true);
    expect(pumpStoppedAt(r.events, 2047)).toBe(2057);
  });

  it('arms the air detector in every state', () => {
    const csv = 't_ms,bubble,cmd\n0,0,\n1000,1,\n1200,0,\n2000,,start\n3000,,ack\n4000,,status\n';
    const r = replayText(csv);
    // The detector's watch (2 ms debounce) raises it, not the tick at 1000 ms.
    expect(hazardAlarms(r.events).map((e) => [e.t, e.id, e.active])).toEqual([[1002, 'AIR_IN_LINE', true], [3000, 'AIR_IN_LINE', false]]);
    expect(of(r.events, 'reply').map((e) => e.text)[0]).toBe('err start state not allowed in FAULT');
  });
});

describe('a 90-minute healthy ILP-leg session', () => {
  it('raises no high or medium alarm, with every interlock armed and all channels wired (both boards)', () => {
    const csv = ilpLegSession({
      file: 'ilp-leg-90min.csv', note: 'healthy 90-minute ILP leg session', durationS: 5400, rowHz: 5, seed: 21,
      cmds: HEALTHY_CMDS.concat([{ tS: 5390, cmd: 'stop' }]),
      extraColumns: ['p_limb', 'p_sys'],
      hazard: (tS) => ({ p_limb: (tS < 60 ? 0 : 58 + 4 * Math.sin(tS / 3)).toFixed(1), p_sys: (80 + 5 * Math.sin(tS / 300)).toFixed(1) }),
    });
    for (const board of ['pico', 'wifi']) {
      const r = replayText(csv, board);
      expect(r.crashed).toBe(false);
      expect(hazardAlarms(r.events)).toEqual([]);
      // It really perfused for the whole session: about 350 mL/min for 88 minutes.
      expect(r.summary.volume).toBeGreaterThan(350 * 88);
      expect(r.summary.final_state).toBe('IDLE');
    }
  });
});
