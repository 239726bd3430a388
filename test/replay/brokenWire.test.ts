// A broken wire to a safety input reads as its hazard. The e-stop, air detector and lid
// are supervised loops (high when healthy, pulled down) and the driver's alarm output
// conducts when healthy, so a cut wire, an unplugged connector or a dead detector leave
// the pin at its pull-down: the interlock trips exactly as for the hazard itself. Through
// the bundle on both boards; in the real interpreter too when ESPRUINO_BIN is set.
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { hazardAlarms, of, pumpRunningAt, pumpStoppedAt, replayText, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const itWithInterpreter = BIN ? it : it.skip;
const HAZARD_MS = 20000;

/** Perfusing from 1 s; the input's wire breaks at 20 s (`open`) and stays broken. */
const broken = (column: string) => `t_ms,${column},cmd\n0,0,\n1000,,start\n${HAZARD_MS},open,\n${HAZARD_MS + 300},,ack\n25000,,\n`;

beforeAll(() => {
  requireBuild('pico');
  requireBuild('wifi');
});

describe.each(['pico', 'wifi'])('%s', (board) => {
  it.each([
    ['estop', 'ESTOP', 50],
    ['bubble', 'AIR_IN_LINE', 50],
    ['lid', 'LID_OPEN', 200],
    ['drv_fault', 'DRIVER_FAULT', 200],
  ])('%s wire broken while perfusing: %s within %i ms, the pump stays stopped and ack is refused', (column, id, boundMs) => {
    const r = replayText(broken(column), board);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => e.id)).toEqual([id]);
    expect(raised[0].t - HAZARD_MS).toBeLessThanOrEqual(boundMs);
    expect(pumpStoppedAt(r.events, HAZARD_MS) - HAZARD_MS).toBeLessThanOrEqual(boundMs);
    // The wire is still broken: the condition is present, so ack cannot clear it.
    expect(of(r.events, 'reply').filter((e) => e.cmd === 'ack').map((e) => String(e.text).split(' ').slice(0, 3).join(' '))).toEqual(['err ack state']);
    expect(pumpRunningAt(r.events, 24900)).toBe(false);
    expect(r.summary.final_state).toBe('FAULT');
  });

  it('the wire mended: ack and start pump again', () => {
    const csv = `t_ms,estop,cmd\n0,0,\n1000,,start\n${HAZARD_MS},open,\n21000,0,\n21500,,ack\n22000,,start\n25000,,\n`;
    const r = replayText(csv, board);
    expect(of(r.events, 'reply').slice(-2).map((e) => e.text)).toEqual(['ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 24900)).toBe(true);
  });
});

itWithInterpreter('the interpreter gives the same events for a broken e-stop wire', async () => {
  const trace = parseTrace('estop-open.csv', broken('estop'));
  const real = await replayInEspruino(trace, { bin: BIN });
  const sim = replay(trace);
  const comparable = (events: ReplayEvent[]) => events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
  expect(real.crashed).toBe(false);
  expect(comparable(real.events)).toEqual(comparable(sim.events));
});
