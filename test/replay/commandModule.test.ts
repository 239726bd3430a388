// The command module (firmware/modules/commands.ts) lives in its own Storage file and is
// evaluated when a command arrives. Through the bundle: it answers like the rest of the
// firmware; missing, broken or from another build, it is refused with an error reply and
// the board runs on (the pump keeps its state, the control tick goes on).
import { parseTrace } from '../../scripts/replay/trace';
import { replay } from '../../scripts/replay/replay';
import { EspruinoSim } from '../../scripts/sim/espruinoSim';
import { cmdTrace, of, pumpRunningAt, requireBuild } from '../helpers';

const MISSING = 'err - state the command module is missing or from another build: flash the firmware again';

function run(change: (sim: EspruinoSim) => void) {
  requireBuild('pico');
  const trace = parseTrace('module.csv', cmdTrace([[0, ''], [1000, 'start'], [5000, 'status'], [6000, 'stop'], [9000, '']]));
  return replay(trace, { board: 'pico', inject: (sim) => sim.at(3000, () => change(sim)) });
}

describe('the command module in Storage', () => {
  it('is stored beside .bootcde and answers the commands', () => {
    const r = run(() => undefined);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual([
      'ok start 350', expect.stringMatching(/^ok status state=PERFUSING /), 'ok stop',
    ]);
  });

  it.each([
    ['missing', (sim: EspruinoSim) => sim.storage.delete('pump.cmd')],
    ['not JavaScript', (sim: EspruinoSim) => sim.storage.set('pump.cmd', '(function(){')],
    ['from another build', (sim: EspruinoSim) => sim.storage.set('pump.cmd', '(["000000000000",function(){return "ok stop"}])')],
  ])('%s: every command is refused, nothing changes, the board runs on', (_name, change) => {
    const r = run(change);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok start 350', MISSING, MISSING]);
    expect(r.crashed).toBe(false);
    expect(of(r.events, 'error')).toEqual([]);
    // `stop` could not be read: the pump runs on as commanded, and the tick keeps reporting.
    expect(pumpRunningAt(r.events, 8900)).toBe(true);
    expect(of(r.events, 'telemetry').filter((e) => e.t > 6000).length).toBeGreaterThanOrEqual(2);
  });
});
