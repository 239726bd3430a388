// LID_OPEN, DRIVER_FAULT (200 ms) and PUMP_STALL (2 s) through the bundle: trip traces
// within their bounds, latching until ack and start, and traces that must not trip them.
import path from 'node:path';
import { TRACES, of, pumpRunningAt, pumpStoppedAt, replayFile, replayText, hazardAlarms } from '../helpers';

describe.each([
  ['LID_OPEN', 'lid-open.csv', 'medium', 200],
  ['DRIVER_FAULT', 'driver-fault.csv', 'high', 200],
  ['PUMP_STALL', 'pump-stall.csv', 'high', 2000],
])('%s', (id, file, priority, BOUND_MS) => {
  const r = replayFile(path.join(TRACES, file));
  const hazardMs = 120000;

  it(`raises a ${priority} alarm and stops the pump within ${BOUND_MS} ms`, () => {
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.priority])).toEqual([[id, priority]]);
    expect(raised[0].t - hazardMs).toBeGreaterThanOrEqual(0);
    expect(raised[0].t - hazardMs).toBeLessThanOrEqual(BOUND_MS);
    expect(pumpRunningAt(r.events, hazardMs - 1)).toBe(true);
    expect(pumpStoppedAt(r.events, hazardMs) - hazardMs).toBeLessThanOrEqual(BOUND_MS);
  });

  it('keeps the pump stopped until ack and a new start', () => {
    for (let t = hazardMs + BOUND_MS; t < 140000; t += 500) expect(pumpRunningAt(r.events, t)).toBe(false);
    expect(of(r.events, 'reply').filter((e) => e.t >= hazardMs).map((e) => e.text)).toEqual(['ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 142000)).toBe(true);
  });
});

describe('must not trip', () => {
  it('LID_OPEN: the lid opened while the pump stands still (loading tubing)', () => {
    const r = replayFile(path.join(TRACES, 'lid-open.csv'));
    expect(hazardAlarms(r.events).filter((e) => e.t < 100000)).toEqual([]);
    expect(of(r.events, 'telemetry').some((e) => e.t < 10000 && e.lid === 1)).toBe(true);
  });

  it('DRIVER_FAULT: a 3 ms glitch, shorter than the 5 ms debounce, between control ticks', () => {
    // Ticks fall on multiples of 100 ms; the glitch sits between two of them.
    const csv = 't_ms,drv_fault,cmd\n0,0,\n1000,,start\n5050,1,\n5053,0,\n8000,,\n';
    const r = replayText(csv);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 7900)).toBe(true);
  });

  it('ESTOP: a 6 ms contact bounce, shorter than the 10 ms debounce, between control ticks', () => {
    const csv = 't_ms,estop,cmd\n0,0,\n1000,,start\n5050,1,\n5056,0,\n8000,,\n';
    const r = replayText(csv);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 7900)).toBe(true);
  });

  it('AIR_IN_LINE: a 1 ms flicker of the detector, shorter than its 2 ms debounce', () => {
    const csv = 't_ms,bubble,cmd\n0,0,\n1000,,start\n5050,1,\n5051,0,\n8000,,\n';
    const r = replayText(csv);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 7900)).toBe(true);
  });

  it('PUMP_STALL: the head blocked while the pump is stopped, and every ramp of a session', () => {
    const csv = 't_ms,stall,cmd\n0,1,\n3000,0,\n3500,,start\n10000,,flow 100\n20000,,flow 600\n30000,,stop\n40000,,start\n50000,,\n';
    const r = replayText(csv);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 45000)).toBe(true);
  });

  it('none of the input interlocks on the healthy default session', () => {
    const r = replayFile(path.join(TRACES, 'ilp-leg-default.csv'));
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});
