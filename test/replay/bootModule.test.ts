// The boot module (firmware/modules/boot.ts): the board's wiring, the stored calibration
// and the self-test, evaluated once from Storage at power-on and then dropped. Through the
// bundle: with it the board boots as ever; without it (a torn upload) the board comes up in
// FAULT with FIRMWARE_FAULT, the pump and heater off, and it stays there.
import { parseTrace } from '../../scripts/replay/trace';
import { replay } from '../../scripts/replay/replay';
import { cmdTrace, of, pumpRunningAt, requireBuild } from '../helpers';

describe('the boot module in Storage', () => {
  const trace = () => parseTrace('boot.csv', cmdTrace([[0, ''], [1000, 'ack'], [2000, 'start'], [3000, 'prime'], [5000, '']]));

  it('present: the self-test passes and the pump starts on command', () => {
    requireBuild('pico');
    const r = replay(trace(), { board: 'pico' });
    expect(of(r.events, 'selftest')).toEqual([expect.objectContaining({ result: 'pass' })]);
    expect(pumpRunningAt(r.events, 2500)).toBe(true);
  });

  it('missing at power-up: FAULT with FIRMWARE_FAULT, nothing pumps or heats, ack cannot clear it', () => {
    requireBuild('pico');
    const r = replay(trace(), { board: 'pico', dropFiles: ['pump.boot'] });
    expect(of(r.events, 'selftest')).toEqual([expect.objectContaining({ result: 'fail', alarm: 'FIRMWARE_FAULT' })]);
    expect(of(r.events, 'alarm').filter((e) => e.active).map((e) => e.id)).toEqual(['FIRMWARE_FAULT']);
    expect(of(r.events, 'reply').map((e) => String(e.text).split(' ').slice(0, 2).join(' '))).toEqual(['err ack', 'err start', 'err prime']);
    expect(pumpRunningAt(r.events, 4900)).toBe(false);
    expect(of(r.events, 'heater').every((e) => e.duty === 0)).toBe(true);
    expect(r.summary.final_state).toBe('FAULT');
    expect(r.crashed).toBe(false);
    expect(of(r.events, 'telemetry').length).toBeGreaterThanOrEqual(4);
  });
});
