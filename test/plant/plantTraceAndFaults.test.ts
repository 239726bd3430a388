// The plant's record written as a trace (interface contract section 1) and read back
// value for value; the fault syntax of the command line.
import { PLANT_SENSORS, PLANT_SWITCHES, Plant } from '../../scripts/plant/plant';
import { FaultSpec, activeFaults, checkFault, parseFault } from '../../scripts/plant/plantFaults';
import { plantParams } from '../../scripts/plant/plantParams';
import { PlantRecord } from '../../scripts/plant/plantRecord';
import { recordToTrace } from '../../scripts/plant/plantTrace';
import { CELL_OPEN, parseTrace } from '../../scripts/replay/trace';

function recordedRun(connected: { p_limb: boolean; p_sys: boolean }): PlantRecord {
  const plant = new Plant(plantParams('ilp-leg'), {
    faults: [{ kind: 'sensor-open', channel: 't_dist', atMs: 2000, untilMs: 3000 }, { kind: 'air', atMs: 4000, untilMs: 4100 }],
    pSys: { amplitudeMmHg: 5, periodMs: 3000 },
    connected,
  }, 3200);
  const rec = new PlantRecord(200);
  rec.push(plant);
  while (plant.tMs < 6000) {
    plant.advance(50, { steps: 27.45, heaterDutyMs: 25 });
    rec.push(plant);
  }
  return rec;
}

describe('a record written as a trace', () => {
  const header = { protocol: 'ilp-leg', board: 'pico', note: 'unit test', connected: { p_limb: true, p_sys: false } };
  const rec = recordedRun(header.connected);
  const cmds = [{ tMs: 1000, text: 'protocol ilp-leg' }, { tMs: 1500, text: 'say "hi", twice' }];
  const text = recordToTrace(rec, cmds, header);
  const trace = parseTrace('written.csv', text);

  it('is a synthetic trace of the contract: metadata, t_ms first, one row per record row', () => {
    expect(text.split('\n').slice(0, 4)).toEqual(['# protocol: ilp-leg', '# board: pico', '# source: synthetic', '# note: unit test']);
    expect(trace.meta).toMatchObject({ protocol: 'ilp-leg', board: 'pico', source: 'synthetic' });
    expect(trace.tMs.length).toBe(rec.length);
  });

  it('leaves out an unplugged transducer (absent = not plugged in) and keeps the others', () => {
    expect(trace.columns).not.toContain('p_sys');
    expect(trace.columns).toEqual([...PLANT_SENSORS.filter((c) => c !== 'p_sys'), ...PLANT_SWITCHES, 'cmd']);
  });

  it('reads back exactly what the plant presented, open leads as `open`', () => {
    for (const name of trace.columns) {
      if (name === 'cmd') continue;
      expect(Array.from(trace.values[name])).toEqual(Array.from(rec.column(name)));
    }
    expect(trace.values.t_dist[trace.tMs.indexOf(2000)]).toBe(CELL_OPEN);
    // t_dist is the seventh data column here (p_sys left out).
    expect(text).toMatch(/\n2000,([^,]*,){6}open,/);
  });

  it('writes only what changed (an empty cell keeps the previous value) and quotes a command with a comma', () => {
    expect(text).toMatch(/\n50,[^\n]*,,,/);
    expect(trace.cmds.map((c) => [c.tMs, c.text])).toEqual([[1000, 'protocol ilp-leg'], [1500, 'say "hi", twice']]);
  });

  it('refuses a command that falls between the record\'s rows', () => {
    expect(() => recordToTrace(rec, [{ tMs: 1025, text: 'zero' }], header)).toThrow(/not on a row/);
  });
});

describe('fault syntax', () => {
  it.each([
    ['occlusion@600', { kind: 'occlusion', atMs: 600000 }],
    ['occlusion=inf@600', { kind: 'occlusion', atMs: 600000, value: Infinity }],
    ['sensor-open:t_art@300-400', { kind: 'sensor-open', channel: 't_art', atMs: 300000, untilMs: 400000 }],
    ['open:p_sys@1.5', { kind: 'sensor-open', channel: 'p_sys', atMs: 1500 }],
    ['leak=80@900', { kind: 'leak', atMs: 900000, value: 80 }],
    ['heater@60', { kind: 'heater-stuck-on', atMs: 60000 }],
    ['cuff=120@60', { kind: 'cuff-deflation', atMs: 60000, value: 120 }],
    ['driver@10-11', { kind: 'driver-fault', atMs: 10000, untilMs: 11000 }],
    ['estop@0', { kind: 'estop', atMs: 0 }],
  ] as [string, FaultSpec][])('%s', (text, spec) => {
    expect(parseFault(text)).toEqual(spec);
  });

  it.each([
    ['occlusion', /expected kind/], ['melt@10', /unknown fault/], ['sensor-open@10', /needs a channel/],
    ['sensor-open:flow@10', /needs a channel/], ['air:t_art@10', /takes no channel/], ['lid@10-5', /end must be after/],
  ])('%s is refused', (text, message) => {
    expect(() => parseFault(text)).toThrow(message);
  });

  it('combines what is active at a time: occlusions multiply, leaks add, the lowest cuff target wins', () => {
    const faults: FaultSpec[] = [
      { kind: 'occlusion', atMs: 0, value: 2 }, { kind: 'occlusion', atMs: 10, value: 3 },
      { kind: 'leak', atMs: 0, value: 20 }, { kind: 'leak', atMs: 0, untilMs: 10, value: 5 },
      { kind: 'cuff-deflation', atMs: 0, value: 150 }, { kind: 'cuff-deflation', atMs: 10, value: 50 },
    ];
    faults.forEach(checkFault);
    expect(activeFaults(faults, 5)).toMatchObject({ lineResistanceFactor: 2, leakMlMin: 25, cuffTargetMmHg: 150 });
    expect(activeFaults(faults, 10)).toMatchObject({ lineResistanceFactor: 6, leakMlMin: 20, cuffTargetMmHg: 50 });
  });
});
