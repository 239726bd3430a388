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
  it('missing at power-up: the self-test fails with FIRMWARE_FAULT, nothing pumps, ack cannot clear it', () => {
    requireBuild('pico');
    const trace = parseTrace('boot.csv', cmdTrace([[0, ''], [1000, 'ack'], [2000, 'start'], [3000, '']]));
    // Deleted after the upload wrote it and before the board booted: a torn upload.
    const r = replay(trace, { board: 'pico', dropFiles: ['pump.cmd'] });
    expect(of(r.events, 'selftest')).toEqual([expect.objectContaining({ result: 'fail', alarm: 'FIRMWARE_FAULT' })]);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual([MISSING, MISSING]);
    expect(pumpRunningAt(r.events, 2500)).toBe(false);
    expect(r.summary.final_state).toBe('FAULT');
  });

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
    // `stop` works without the module: the operator always has it.
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok start 350', MISSING, 'ok stop']);
    expect(r.crashed).toBe(false);
    expect(of(r.events, 'error')).toEqual([]);
    expect(pumpRunningAt(r.events, 5500)).toBe(true);
    expect(pumpRunningAt(r.events, 8900)).toBe(false);
    expect(of(r.events, 'telemetry').filter((e) => e.t > 6000).length).toBeGreaterThanOrEqual(2);
  });
});
