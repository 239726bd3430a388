// The air detector's self-test through the bundle: at power-on and whenever the pump comes
// to rest in IDLE, the firmware drives the detector's test input (the simulated detector
// then reports air, as a healthy one does), releases it once the air is reported, and
// accepts prime and start once liquid is reported again, a few ms later. A detector stuck at "liquid" (a raw `pin:` column
// on its output: no detector behind it) fails and raises AIR_DETECTOR_FAULT; the induced
// air never raises AIR_IN_LINE; real air still does, at once.
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { hazardAlarms, of, pumpRunningAt, replayText, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const itWithInterpreter = BIN ? it : it.skip;
const replies = (events: ReplayEvent[]) => of(events, 'reply').map((e) => [e.t, e.text]);

beforeAll(() => {
  requireBuild('pico');
  requireBuild('wifi');
});

describe.each(['pico', 'wifi'])('%s', (board) => {
  it('a healthy detector passes at power-on: prime is accepted, no alarm', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,prime\n3000,\n', board);
    expect(replies(r.events)).toEqual([[1000, 'ok prime 300']]);
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(of(r.events, 'alarm').filter((e) => e.id === 'AIR_IN_LINE' || e.id === 'AIR_DETECTOR_FAULT')).toEqual([]);
    expect(pumpRunningAt(r.events, 2900)).toBe(true);
  });

  it('prime before the test is done is refused, then accepted once it passed, a few ms after power-on', () => {
    const r = replayText('t_ms,cmd\n0,prime\n10,prime\n1000,\n', board);
    expect(replies(r.events)).toEqual([
      [0, 'err prime state air detector self-test running: send again in a second'],
      [10, 'ok prime 300'],
    ]);
  });

  it('a detector stuck at "liquid" fails the self-test: AIR_DETECTOR_FAULT, prime refused', () => {
    const r = replayText('t_ms,pin:B14,cmd\n0,1,\n1000,,prime\n1500,,start\n2000,,ack\n3000,,prime\n4000,,\n', board);
    const raised = of(r.events, 'alarm').filter((e) => e.active === true && e.id !== 'CALIBRATION_DEFAULT');
    expect(raised.map((e) => [e.id, e.priority])).toEqual([['AIR_DETECTOR_FAULT', 'medium'], ['AIR_DETECTOR_FAULT', 'medium']]);
    // Raised on the tick after the test input was driven: 400 ms after power-on, plus the conversions.
    expect(raised[0].t).toBeLessThanOrEqual(410);
    expect(replies(r.events)).toEqual([
      [1000, 'err prime state air detector self-test failed: check the detector, then ack to test again'],
      [1500, 'err start state air detector self-test failed: check the detector, then ack to test again'],
      [2000, 'ok ack'],
      [3000, 'err prime state air detector self-test failed: check the detector, then ack to test again'],
    ]);
    expect(pumpRunningAt(r.events, 3900)).toBe(false);
  });

  it('the test runs again when the pump comes to rest: stop, then prime at once waits for it', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,start\n5000,stop\n5100,prime\n9000,prime\n10000,\n', board);
    const texts = replies(r.events).map((x) => x[1]);
    expect(texts).toEqual(['ok start 350', 'ok stop', 'err prime state air detector self-test running: send again in a second', 'ok prime 300']);
    expect(hazardAlarms(r.events)).toEqual([]);
  });

  it('real air while idle, outside the test, is AIR_IN_LINE at once', () => {
    const r = replayText('t_ms,bubble,cmd\n0,0,\n2000,1,\n2100,0,\n3000,,\n', board);
    expect(hazardAlarms(r.events).filter((e) => e.active === true).map((e) => [e.id, e.t])).toEqual([['AIR_IN_LINE', 2002]]);
  });
});

itWithInterpreter('the interpreter gives the same events: a healthy test, then a stuck detector', async () => {
  for (const csv of ['t_ms,cmd\n0,prime\n10,prime\n1000,\n', 't_ms,pin:B14,cmd\n0,1,\n1000,,prime\n2000,,ack\n3000,,\n']) {
    const trace = parseTrace('air-test.csv', csv);
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    const comparable = (events: ReplayEvent[]) => events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
    expect(real.crashed).toBe(false);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
  }
});
