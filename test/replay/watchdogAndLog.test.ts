// The last line of defence through the bundle: a firmware that hangs is reset by the
// hardware watchdog and comes up in FAULT, never pumping, with the reason in the fault
// log (`log`), which survives the reset; out of memory halts into the safe state.
import { crc32 } from '../../scripts/sim/espruinoSim';
import { parseTrace } from '../../scripts/replay/trace';
import { ReplayOptions, replay } from '../../scripts/replay/replay';
import { hazardAlarms, of, pumpRunningAt } from '../helpers';

const run = (csv: string, opts: ReplayOptions = {}) => replay(parseTrace('wd.csv', csv), opts);

describe('watchdog', () => {
  // Perfusing from 1 s; p_art high from 5 s (P_ART_HIGH, logged), ack and start again at
  // 8 s and 9 s; the firmware hangs at 20 s; log, ack and start after the reset.
  const csv = [
    't_ms,p_art,cmd', '0,150,', '1000,,start', '5000,330,', '6000,150,', '8000,,ack', '9000,,start',
    '25000,,log', '26000,,ack', '27000,,start', '40000,,',
  ].join('\n') + '\n';
  const r = run(csv, { hangAtMs: 20000 });

  it('resets the board within 1 s of the last healthy cycle; it boots into FAULT and never pumps before ack and start', () => {
    const reset = of(r.events, 'reset');
    expect(reset.map((e) => e.cause)).toEqual(['watchdog']);
    // The last cycle fed the watchdog at 19.8 s (plus its conversions): reset 1 s later.
    expect(reset[0].t).toBeGreaterThan(20000);
    expect(reset[0].t).toBeLessThanOrEqual(21000);
    // Hung, the pump's hardware timer went on stepping until the reset stopped it.
    expect(pumpRunningAt(r.events, reset[0].t - 1)).toBe(true);
    expect(pumpRunningAt(r.events, reset[0].t)).toBe(false);
    for (let t = reset[0].t; t < 27000; t += 100) expect(pumpRunningAt(r.events, t)).toBe(false);
    const afterReset = of(r.events, 'state').filter((e) => e.t >= reset[0].t);
    expect(afterReset.map((e) => [e.from, e.to])).toEqual([['BOOT', 'FAULT'], ['FAULT', 'IDLE'], ['IDLE', 'PERFUSING']]);
    expect(hazardAlarms(r.events).filter((e) => e.t >= reset[0].t && e.active === true).map((e) => e.id)).toEqual(['WATCHDOG_RESET', 'CASE_RESTORED']);
    expect(pumpRunningAt(r.events, 39000)).toBe(true);
  });

  it('`log` reads back the reasons after the reset, from flash: the interlock before it and the watchdog reset', () => {
    const logged = of(r.events, 'log').map((e) => String(e.entry));
    expect(logged.length).toBe(3);
    expect(logged[0]).toMatch(/^#0 t=5\.\ds P_ART_HIGH ch=p_art raw=0\.4\d+ value=33\d\.\d+ limit=300\.0000$/);
    expect(logged[1]).toMatch(/^#1 t=2\d\.\ds WATCHDOG_RESET ch=- raw=null value=null limit=null$/);
    // The case open when the firmware stopped comes back with the reset (procedure/caseRecord.ts).
    expect(logged[2]).toMatch(/^#2 t=2\d\.\ds CASE_RESTORED ch=- raw=null value=null limit=null$/);
    expect(of(r.events, 'reply').filter((e) => e.cmd === 'log').map((e) => e.text)).toEqual(['ok log 3']);
  });
});

describe('out of memory and uncaught errors', () => {
  it.each([
    ['the interpreter runs out of memory', ['MEMORY'], 'errorFlag'],
    ['a callback threw and the interpreter removed it', ['CALLBACK'], 'errorFlag'],
  ])('%s: halt into the safe state at once, logged; the watchdog then resets into FAULT', (_what, flags, where) => {
    const csv = 't_ms,cmd\n0,\n1000,start\n12000,log\n20000,\n';
    const r = run(csv, { inject: (sim) => sim.at(5000, () => sim.raiseErrorFlags(flags)) });
    const error = of(r.events, 'error');
    expect(error.map((e) => [e.t, e.where])).toEqual([[5000, where]]);
    expect(pumpRunningAt(r.events, 5000)).toBe(false);
    expect(of(r.events, 'heater').filter((e) => e.t >= 5000)[0]).toMatchObject({ t: 5000, duty: 0 });
    expect(of(r.events, 'buzzer').filter((e) => e.t >= 5000)[0]).toMatchObject({ t: 5000, on: true });
    expect(of(r.events, 'reset').length).toBe(1);
    expect(of(r.events, 'state').pop()).toMatchObject({ from: 'BOOT', to: 'FAULT' });
    expect(of(r.events, 'log').map((e) => String(e.entry).split(' ').slice(2, 4).join(' '))).toEqual(['ERROR ch=errorFla', 'WATCHDOG_RESET ch=-', 'CASE_RESTORED ch=-']);
  });

  it('a low-memory warning or a full UART buffer is no reason to halt', () => {
    const r = run('t_ms,cmd\n0,\n1000,start\n10000,\n', { inject: (sim) => sim.at(5000, () => sim.raiseErrorFlags(['LOW_MEMORY', 'UART_OVERFLOW'])) });
    expect(of(r.events, 'error')).toEqual([]);
    expect(pumpRunningAt(r.events, 9000)).toBe(true);
  });

  it('an uncaught exception halts into the safe state', () => {
    const r = run('t_ms,cmd\n0,\n1000,start\n10000,\n', { inject: (sim) => sim.at(5000, () => sim.uncaughtException(new Error('boom'))) });
    expect(of(r.events, 'error').map((e) => [e.t, e.where, e.message])).toEqual([[5000, 'uncaught', 'Error: boom']]);
    expect(pumpRunningAt(r.events, 5000)).toBe(false);
  });
});

it('a fresh board has an empty log', () => {
  const r = run('t_ms,cmd\n0,\n500,log\n1000,\n');
  expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok log 0']);
});

describe('power-on self-test', () => {
  it.each([
    ['a pressure transducer open at power-up', 't_ms,p_art,cmd\n0,open,\n500,,start\n2000,,\n', 'SENSOR_FAULT'],
    ['the emergency stop pressed at power-up', 't_ms,estop,cmd\n0,1,\n500,,start\n2000,,\n', 'ESTOP'],
  ])('%s: fails the self-test and comes up in FAULT, never IDLE, never pumping', (_what, csv, alarm) => {
    const r = run(csv);
    expect(of(r.events, 'selftest').map((e) => [e.t, e.result, e.alarm])).toEqual([[0, 'fail', alarm]]);
    expect(of(r.events, 'state').map((e) => [e.t, e.from, e.to])).toEqual([[0, 'BOOT', 'FAULT']]);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['err start state not allowed in FAULT']);
    expect(of(r.events, 'pump').filter((e) => (e.hz as number) > 0)).toEqual([]);
  });

  it('a thermistor open at power-up fails it too; a temperature fault only keeps the heater off, so IDLE', () => {
    const r = run('t_ms,t_art,cmd\n0,open,\n500,,start\n20000,,\n');
    expect(of(r.events, 'selftest').map((e) => [e.result, e.alarm])).toEqual([['fail', 'SENSOR_FAULT']]);
    expect(of(r.events, 'state').map((e) => [e.from, e.to])).toEqual([['BOOT', 'IDLE'], ['IDLE', 'PERFUSING']]);
    expect(of(r.events, 'heater').filter((e) => (e.duty as number) > 0)).toEqual([]);
  });

  it('a healthy board passes it and comes up in IDLE', () => {
    const r = run('t_ms,cmd\n0,\n1000,\n');
    expect(of(r.events, 'selftest').map((e) => e.result)).toEqual(['pass']);
    expect(of(r.events, 'state').map((e) => [e.from, e.to])).toEqual([['BOOT', 'IDLE']]);
  });
});

describe('a crafted fault-log record in flash', () => {
  it('is skipped, and the log records and lists the alarms that follow', () => {
    const body = '1000000000000000000000000000000 10 ESTOP - - - -';
    const record = (body + ' ' + (crc32(body) & 0xffff).toString(16).padStart(4, '0')).padEnd(63) + '\n';
    const file = record + '\xff'.repeat(7 * 64);
    const trace = parseTrace('log.csv', 't_ms,estop,cmd\n0,0,\n1000,1,\n2000,0,\n2500,0,ack\n3000,0,log\n');
    const r = replay(trace, { board: 'pico', storage: { 'flt.a': file } });
    const lines = r.events.filter((e) => e.ev === 'log').map((e) => e.entry);
    expect(lines).toEqual([expect.stringMatching(/^#0 t=1\.0s ESTOP /)]);
    expect(r.events.filter((e) => e.ev === 'reply').map((e) => e.text)).toEqual(['ok ack', 'ok log 1']);
  });
});
