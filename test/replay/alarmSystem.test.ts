// The alarm system through the bundle, observed on the sounder's pin: the IEC 60601-1-8
// burst of each priority, the power-on tone, audio pause (`silence`) that never hides a
// more urgent alarm, escalation of a medium alarm nobody answers, and the highest alarm in
// status and telemetry.
import path from 'node:path';
import { TONE_HIGH, TONE_LOW, TONE_MEDIUM } from '../../firmware/core/safety/alarmSignals';
import { ReplayEvent } from '../../scripts/replay/replay';
import { TRACES, of, replayFile, replayText } from '../helpers';

/** The sounder's on/off durations from `fromMs` to `toMs`, starting with the first pulse. */
function rhythm(events: ReplayEvent[], fromMs: number, toMs: number): number[] {
  const edges = of(events, 'buzzer').filter((e) => e.t >= fromMs && e.t < toMs);
  const first = edges.findIndex((e) => e.on === true);
  const out: number[] = [];
  for (let i = first + 1; i < edges.length; i++) out.push(edges[i].t - edges[i - 1].t);
  return out;
}

/** Where the sounder is at time t. */
function soundingAt(events: ReplayEvent[], t: number): boolean {
  const last = of(events, 'buzzer').filter((e) => e.t <= t).pop();
  return last !== undefined && last.on === true;
}

/** A perfusing session with the lid opened at 10 s (a medium alarm) and the given commands. */
function lidSession(untilS: number, cmds: Record<number, string> = {}): string {
  const rows = ['t_ms,lid,cmd', '0,0,', '1000,,start', '10000,1,'];
  for (const [t, cmd] of Object.entries(cmds)) rows.push(`${t},,${cmd}`);
  rows.push(`${untilS * 1000},,`);
  const body = rows.slice(1).sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]));
  return [rows[0], ...body].join('\n') + '\n';
}

describe('sounder patterns', () => {
  it('power-on: the safe state\'s tone for 300 ms proves the sounder, then a fresh board\'s low alarm sounds twice, once', () => {
    const r = replayText('t_ms,cmd\n0,\n60000,\n');
    const buzzer = of(r.events, 'buzzer').map((e) => [e.t, e.on]);
    expect(buzzer.slice(0, 2)).toEqual([[0, true], [300, false]]);
    // CALIBRATION_DEFAULT (low): 2 pulses, not repeated.
    expect(rhythm(r.events, 300, 60000)).toEqual(Array.from(TONE_LOW).slice(0, 3));
  });

  it('high priority (ESTOP): 10 pulses as 3+2, 3+2, repeating every 6 s', () => {
    const r = replayFile(path.join(TRACES, 'estop.csv'));
    const raised = of(r.events, 'alarm').find((e) => e.id === 'ESTOP')!;
    const burst = rhythm(r.events, raised.t, raised.t + 4999);
    expect(burst).toEqual(Array.from(TONE_HIGH).slice(0, 19));
    const pulses = burst.filter((_, i) => i % 2 === 0);
    expect(pulses.length).toBe(10);
    const edges = of(r.events, 'buzzer').filter((e) => e.on === true && e.t >= raised.t);
    expect(edges[10].t - edges[0].t).toBe(TONE_HIGH.reduce((a, b) => a + b, 0));
  });

  it('medium priority (LID_OPEN): 3 pulses of 200 ms, repeating every 8 s', () => {
    const r = replayText(lidSession(30));
    const raised = of(r.events, 'alarm').find((e) => e.id === 'LID_OPEN')!;
    expect(rhythm(r.events, raised.t, raised.t + 7999)).toEqual(Array.from(TONE_MEDIUM).slice(0, 5));
    const starts = of(r.events, 'buzzer').filter((e) => e.on === true && e.t >= raised.t).map((e) => e.t - raised.t);
    expect(starts.slice(0, 7)).toEqual([0, 400, 800, 8000, 8400, 8800, 16000]);
  });

  it('the tone stops with the last alarm (ack)', () => {
    const r = replayText(lidSession(40, { 20000: 'ack' }).replace('10000,1,', '10000,1,\n15000,0,'));
    const acked = of(r.events, 'reply').find((e) => e.cmd === 'ack')!;
    expect(acked.text).toBe('ok ack');
    expect(soundingAt(r.events, 20000 + 250)).toBe(false);
    expect(of(r.events, 'buzzer').filter((e) => e.t > 20000 && e.on === true)).toEqual([]);
  });
});

describe('audio pause (silence)', () => {
  it('silences the sounder for 120 s, then it sounds again', () => {
    const r = replayText(lidSession(140, { 12000: 'silence' }));
    expect(of(r.events, 'reply').find((e) => e.cmd === 'silence')!.text).toBe('ok silence 120');
    expect(soundingAt(r.events, 12001)).toBe(false);
    expect(of(r.events, 'buzzer').filter((e) => e.t > 12000 && e.t < 132000 && e.on === true)).toEqual([]);
    const resumed = of(r.events, 'buzzer').find((e) => e.t >= 132000 && e.on === true)!;
    expect(resumed.t - 132000).toBeLessThanOrEqual(200);
  });

  it('never hides a new alarm of higher priority: ESTOP sounds at once during a paused LID_OPEN', () => {
    const withEstop = ['t_ms,lid,estop,cmd', '0,0,0,', '1000,,,start', '10000,1,,', '12000,,,silence', '15000,,1,', '30000,,,'].join('\n') + '\n';
    const r = replayText(withEstop);
    const estop = of(r.events, 'alarm').find((e) => e.id === 'ESTOP')!;
    expect(estop.t - 15000).toBeLessThanOrEqual(50);
    expect(soundingAt(r.events, estop.t)).toBe(true);
    expect(rhythm(r.events, estop.t, estop.t + 4999)).toEqual(Array.from(TONE_HIGH).slice(0, 19));
  });

  it('an alarm of the same priority raised during the pause stays paused', () => {
    // LEAK (medium): the reservoir falls 100 mL from 2 s; silenced at 50 s; the lid
    // opened at 60 s raises LID_OPEN (medium too) inside the pause.
    const rows = ['t_ms,lid,level,cmd', '0,0,700,', '1000,,,start'];
    for (let s = 2; s <= 12; s++) rows.push(`${s * 1000},,${700 - (s - 2) * 10},`);
    rows.push('50000,,,silence', '60000,1,,', '100000,,,');
    const r = replayText(rows.join('\n') + '\n');
    expect(of(r.events, 'alarm').filter((e) => e.active === true).map((e) => e.id)).toEqual(['CALIBRATION_DEFAULT', 'LEAK', 'LID_OPEN']);
    expect(of(r.events, 'buzzer').filter((e) => e.t > 50000 && e.t < 100000 && e.on === true)).toEqual([]);
  });
});

describe('escalation', () => {
  it('a medium alarm nobody answers for 120 s sounds as high from then on', () => {
    const r = replayText(lidSession(140));
    const raised = of(r.events, 'alarm').find((e) => e.id === 'LID_OPEN')!;
    const escalation = of(r.events, 'escalation');
    expect(escalation.map((e) => [e.id, e.priority])).toEqual([['LID_OPEN', 'high']]);
    expect(escalation[0].t - raised.t).toBeGreaterThanOrEqual(120000);
    expect(escalation[0].t - raised.t).toBeLessThanOrEqual(120200);
    expect(rhythm(r.events, escalation[0].t, escalation[0].t + 4999)).toEqual(Array.from(TONE_HIGH).slice(0, 19));
    // The alarm keeps its id and contract priority; only its sound escalated.
    expect(of(r.events, 'alarm').filter((e) => e.id === 'LID_OPEN').length).toBe(1);
  });

  it('an answered one (silence or a refused ack) does not', () => {
    for (const cmd of ['silence', 'ack']) {
      const r = replayText(lidSession(140, { 30000: cmd }));
      expect(of(r.events, 'escalation')).toEqual([]);
    }
  });
});

describe('the highest alarm in status and telemetry', () => {
  it('names the most urgent active alarm, then the next once it clears', () => {
    const csv = ['t_ms,lid,estop,cmd', '0,0,0,', '1000,,,start', '10000,1,,', '12000,,1,', '13000,,,status', '14000,0,0,', '15000,,,ack', '16000,,,status'].join('\n') + '\n';
    const r = replayText(csv);
    const statuses = of(r.events, 'reply').filter((e) => e.cmd === 'status').map((e) => String(e.text));
    expect(statuses[0]).toMatch(/ alarms=ESTOP,LID_OPEN,CALIBRATION_DEFAULT alarm=ESTOP$/);
    expect(statuses[1]).toMatch(/ alarms=CALIBRATION_DEFAULT alarm=CALIBRATION_DEFAULT$/);
    const tel = of(r.events, 'telemetry');
    expect(tel.find((e) => e.t > 12100 && e.t < 14000)!.alarm).toBe('ESTOP');
    expect(tel.find((e) => e.t > 10100 && e.t < 12000)!.alarm).toBe('LID_OPEN');
  });
});
