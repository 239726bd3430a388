// Channels on the ADS1115 over I2C, through the bundle: the limb pressure bridge
// transducer (differential, +-0.256 V), systemic pressure from the anaesthesia monitor
// (single-ended) and, on the WiFi board, the reservoir level. Readings track the trace;
// a transducer never plugged in is no fault; a lead off, a short or a converter that
// stops answering is a SENSOR_FAULT naming the channel within its bound.
import { HEALTHY_CMDS, ilpLegSession } from '../../scripts/replay/synth-trace';
import { externalSampleMs, hazardAlarms, of, pumpRunningAt, replayText } from '../helpers';
import { replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';

const BOUND_MS = 2000;

/** A healthy session with limb and systemic pressure columns, and a hazard from hazardS on. */
function session(board: string, hazard: (tS: number) => Record<string, string | number>, durationS = 100): string {
  const text = ilpLegSession({
    file: 'ads.csv', note: 'limb and systemic pressure', durationS, rowHz: 10, seed: 5, cmds: HEALTHY_CMDS,
    extraColumns: ['p_limb', 'p_sys'],
    hazard: (tS) => ({
      // Limb pressure follows the pump's outflow; systemic MAP drifts as under anaesthesia.
      p_limb: (tS < 60 ? 0 : Math.min(90, (tS - 60) * 6)).toFixed(1),
      p_sys: (78 + 6 * Math.sin(tS / 9)).toFixed(1),
      ...hazard(tS),
    }),
  });
  return text.replace('# board: pico', `# board: ${board}`);
}

describe.each(['pico', 'wifi'])('%s', (board) => {
  it('telemetry tracks p_limb within 1 mmHg and p_sys within 0.1 mmHg; connected once, no alarm', () => {
    const csv = session(board, () => ({}));
    const trace = parseTrace('ads.csv', csv);
    const r = replay(trace, { board });
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(of(r.events, 'sensor').map((e) => [e.channel, e.connected])).toEqual([['p_limb', true], ['p_sys', true]]);
    const limb = trace.values.p_limb;
    const sys = trace.values.p_sys;
    const telemetry = of(r.events, 'telemetry').filter((e) => e.t >= 1000);
    expect(telemetry.length).toBeGreaterThan(90);
    for (const e of telemetry) {
      // The row in force when the tick that sent it sampled.
      const row = Math.floor((e.t - externalSampleMs(board)) / 100);
      // One code of the bridge channel is 0.47 mmHg; the converter adds up to one code of noise.
      expect(Math.abs((e.p_limb as number) - limb[row])).toBeLessThanOrEqual(1.0);
      expect(Math.abs((e.p_sys as number) - sys[row])).toBeLessThanOrEqual(0.1);
    }
  });

  it.each([
    ['p_limb', 'open'], ['p_limb', 'short'], ['p_sys', 'open'], ['p_sys', 'short'],
  ] as const)('%s %s after it was connected: SENSOR_FAULT within 2 s, pump stopped', (channel, cell) => {
    const hazardS = 80;
    const r = replayText(session(board, (tS) => (tS >= hazardS ? { [channel]: cell } : {})), board);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.channel, e.cause])).toEqual([['SENSOR_FAULT', channel, cell]]);
    expect(raised[0].t - hazardS * 1000).toBeGreaterThanOrEqual(0);
    expect(raised[0].t - hazardS * 1000).toBeLessThanOrEqual(BOUND_MS);
    expect(pumpRunningAt(r.events, hazardS * 1000 + BOUND_MS)).toBe(false);
    for (const e of of(r.events, 'telemetry').filter((x) => x.t > hazardS * 1000 + 300)) expect(e[channel]).toBeNull();
  });

  it('a transducer never plugged in is not connected and raises nothing; a shorted one is a fault', () => {
    const absent = replayText('t_ms,cmd\n0,\n1000,start\n20000,\n', board);
    expect(hazardAlarms(absent.events)).toEqual([]);
    expect(of(absent.events, 'sensor')).toEqual([]);
    for (const e of of(absent.events, 'telemetry')) expect([e.p_limb, e.p_sys]).toEqual([null, null]);
    const shorted = replayText('t_ms,p_sys,cmd\n0,short,\n1000,,start\n20000,,\n', board);
    expect(hazardAlarms(shorted.events).map((e) => [e.id, e.channel, e.cause, e.active])).toEqual([['SENSOR_FAULT', 'p_sys', 'short', true]]);
    expect(hazardAlarms(shorted.events)[0].t).toBeLessThanOrEqual(BOUND_MS);
  });

  it('ack with the lead still open disconnects an optional transducer; the session goes on without it', () => {
    const csv = 't_ms,p_sys,cmd\n0,80,\n2000,,start\n5000,open,\n8000,,ack\n9000,,start\n15000,,status\n';
    const r = replayText(csv, board);
    expect(of(r.events, 'sensor').map((e) => [e.t, e.channel, e.connected])).toEqual([
      [600 + externalSampleMs(board), 'p_sys', true], [8000, 'p_sys', false],
    ]);
    expect(of(r.events, 'reply').map((e) => e.text).slice(0, 3)).toEqual(['ok start 350', 'ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 14000)).toBe(true);
    // A latched fault of a channel that reads again (not open) is not disconnected.
    const back = replayText('t_ms,p_sys,cmd\n0,80,\n2000,,start\n5000,open,\n7000,81,\n8000,,ack\n9000,,status\n', board);
    expect(of(back.events, 'sensor').map((e) => e.connected)).toEqual([true]);
    expect(String(of(back.events, 'reply').pop()!.text)).toMatch(/ p_sys=81\.0 /);
  });
});

it('wifi: the reservoir level on the ADS1115 tracks the trace within 1 mL; open and short are faults', () => {
  const rows = ['t_ms,level,cmd', '0,700,'];
  for (let s = 1; s <= 30; s++) rows.push(`${s * 1000},${700 - s * 7.3},`);
  const r = replayText(rows.join('\n') + '\n', 'wifi');
  expect(hazardAlarms(r.events)).toEqual([]);
  for (const e of of(r.events, 'telemetry').filter((x) => x.t > 1000 && x.t % 1000 > 100)) {
    const expected = 700 - Math.floor(e.t / 1000) * 7.3;
    expect(Math.abs((e.level as number) - expected)).toBeLessThanOrEqual(1);
  }
  for (const cell of ['open', 'short']) {
    const f = replayText(`t_ms,level,cmd\n0,700,\n1000,,start\n6000,${cell},\n10000,,\n`, 'wifi');
    const raised = hazardAlarms(f.events).filter((e) => e.active === true);
    // An open level lead reads below the range, under LEVEL_LOW's limit: that alarm too.
    const expected = [['SENSOR_FAULT', 'level', cell]];
    if (cell === 'open') expected.unshift(['LEVEL_LOW', 'level', undefined as unknown as string]);
    expect(raised.map((e) => [e.id, e.channel, e.cause])).toEqual(expected);
    for (const e of raised) expect(e.t - 6000).toBeLessThanOrEqual(BOUND_MS);
    expect(pumpRunningAt(f.events, 8000)).toBe(false);
  }
});

describe('a converter that stops answering on I2C', () => {
  const csv = 't_ms,p_limb,p_sys,cmd\n0,30,80,\n1000,,,start\n20000,,,\n';

  it.each(['pico', 'wifi'])('%s: SENSOR_FAULT (missing) for every connected channel on it within 2 s; the pump stops', (board) => {
    const r = replay(parseTrace('silent.csv', csv), { board, externalAdcSilentFromMs: 10000 });
    expect(r.crashed).toBe(false);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    const expected = board === 'wifi' ? ['level', 'p_limb', 'p_sys'] : ['p_limb', 'p_sys'];
    expect(raised.map((e) => e.channel).sort()).toEqual(expected);
    for (const e of raised) {
      expect(e.cause).toBe('missing');
      expect(e.t - 10000).toBeLessThanOrEqual(BOUND_MS);
    }
    expect(pumpRunningAt(r.events, 10000 + BOUND_MS)).toBe(false);
  });

  it('pico: with no transducer plugged in, a silent converter changes nothing', () => {
    const r = replay(parseTrace('silent.csv', 't_ms,cmd\n0,\n1000,start\n20000,\n'), { board: 'pico', externalAdcSilentFromMs: 0 });
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 19000)).toBe(true);
  });
});
