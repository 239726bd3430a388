// A full flash, through the bundle in both engines (the interpreter on its own Storage,
// which throws where src/jsflash.c throws): every write the firmware makes is refused or
// costs an alarm, never an internal error or a halt. The case record cannot be kept
// (STORAGE_FAULT), `span` is refused and changes nothing, the pump runs when asked, and
// the e-stop still stops it though its fault record is lost.
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { of, pumpRunningAt, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const itWithInterpreter = BIN ? it : it.skip;

// A reference of 100 mmHg on the arterial line for the span, then the line open to air.
const CSV = ['t_ms,p_art,estop,cmd', '0,100,0,', '500,,,span p_art 100', '900,0,,', '1200,,,status', '1500,,,start', '6000,,1,', '6500,,,log', '7000,,,'].join('\n') + '\n';

beforeAll(() => requireBuild('pico'));

function check(events: ReplayEvent[]): void {
  expect(of(events, 'error')).toEqual([]);
  expect(of(events, 'reset')).toEqual([]);
  const storage = of(events, 'alarm').filter((e) => e.id === 'STORAGE_FAULT' && e.active === true);
  // At the first record, on the tick a second after boot (its conversions take a few ms).
  expect(storage.map((e) => e.t)).toEqual([1004]);
  const replies = of(events, 'reply').map((e) => String(e.text));
  expect(replies[0]).toMatch(/^err span state /);
  expect(replies[1]).toMatch(/^ok status .*alarms=CALIBRATION_DEFAULT,STORAGE_FAULT/);
  expect(replies[2]).toBe('ok start 350');
  // The e-stop's record was dropped, and says so.
  expect(replies[3]).toBe('ok log 0 dropped=1');
  expect(pumpRunningAt(events, 5900)).toBe(true);
  expect(pumpRunningAt(events, 6100)).toBe(false);
  // Within its 50 ms bound (here the tick at 6004 ms sees the level before the watch's debounce ends).
  const estop = of(events, 'alarm').filter((e) => e.id === 'ESTOP' && e.active === true).map((e) => e.t);
  expect(estop).toHaveLength(1);
  expect(estop[0]).toBeLessThanOrEqual(6050);
}

it('Node engine: refused, alarmed, never halted', () => {
  const r = replay(parseTrace('full.csv', CSV), { storageFreeBytes: 0 });
  expect(r.crashed).toBe(false);
  check(r.events);
});

itWithInterpreter('the interpreter, its Storage full: the same events', async () => {
  const trace = parseTrace('full.csv', CSV);
  const real = await replayInEspruino(trace, { bin: BIN, storageFreeBytes: 0 });
  expect(real.crashed).toBe(false);
  check(real.events);
  const comparable = (events: ReplayEvent[]) => events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
  expect(comparable(real.events)).toEqual(comparable(replay(trace, { storageFreeBytes: 0 }).events));
});
