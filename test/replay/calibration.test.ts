// Calibration by timed collection and the stored settings, through the bundle.
import { encodeSettings } from '../../firmware/core/settings';
import { crc32 } from '../../scripts/sim/espruinoSim';
import { replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { cmdTrace, of, requireBuild } from '../helpers';

function run(rows: [number, string][], storage?: Record<string, string>) {
  requireBuild('pico');
  return replay(parseTrace('calibration.csv', cmdTrace(rows)), { board: 'pico', storage });
}

describe('calibration by timed collection', () => {
  it('turns the asked revolutions, takes the collected volume, stores it and uses it', () => {
    const r = run([[0, ''], [500, 'tubing 3/8'], [1000, 'calibrate 10'], [70000, 'collected 335'], [71000, 'flow 340'], [72000, 'start'], [80000, 'status']]);
    const replies = of(r.events, 'reply').map((e) => e.text);
    expect(replies[1]).toBe('ok calibrate 3/8 10 revs; collect the outflow');
    const cal = of(r.events, 'calibration')[0];
    // 10 rev at 10 rev/min after a ramp up and down: a little over 10 revolutions, about 60 s.
    expect(cal.revs as number).toBeGreaterThanOrEqual(10);
    expect(cal.revs as number).toBeLessThan(10.2);
    expect(cal.t).toBeGreaterThan(60000);
    const stroke = 335 / (cal.revs as number);
    expect(replies[2]).toBe(`ok collected 3/8 ${stroke.toFixed(2)} mL/rev saved`);
    // The reminder clears once a calibration is stored.
    expect(of(r.events, 'alarm').map((e) => [e.id, e.active])).toEqual([['CALIBRATION_DEFAULT', true], ['CALIBRATION_DEFAULT', false]]);
    // 340 mL/min on the calibrated stroke: the step rate follows it.
    const hz = of(r.events, 'pump').pop()!.hz as number;
    expect(hz).toBeCloseTo((340 / 60 / stroke) * 3200, 1);
    expect(String(replies[5])).toContain(`stroke=${stroke.toFixed(2)}`);
  });

  it('refuses an implausible volume, a volume without a run, and a run while perfusing', () => {
    const r = run([[0, ''], [100, 'collected 300'], [200, 'calibrate 0'], [300, 'calibrate 10'], [70000, 'collected 100'], [70500, 'collected abc'], [71000, 'start'], [72000, 'calibrate']]);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual([
      'err collected state no finished calibration run',
      'err calibrate range 0 outside 1..50 revolutions',
      'ok calibrate 3/8 10 revs; collect the outflow',
      expect.stringMatching(/^err collected range 9\.\d\d mL\/rev is more than 25% from the 3\/8 in nominal 34 mL\/rev/),
      'err collected syntax not a number: abc',
      'ok start 350',
      'err calibrate state only in IDLE with the pump stopped',
    ]);
  });
});

describe('stored settings at boot', () => {
  it('a calibrated board starts on its stored tubing and stroke, with no reminder', () => {
    const stored = encodeSettings({ tubing: 0, strokeMl: [14.2, 34, 60], span: [1, 1, 1] }, crc32);
    const r = run([[0, ''], [100, 'status']], { 'pump.cfg': stored });
    expect(of(r.events, 'alarm')).toEqual([]);
    expect(String(of(r.events, 'reply')[0].text)).toContain('tubing=1/4 stroke=14.20');
  });

  it('corrupt settings fall back to the defaults with a medium alarm, and never crash', () => {
    const stored = encodeSettings({ tubing: 0, strokeMl: [14.2, 34, 60], span: [1, 1, 1] }, crc32).replace('14.2', '14.3');
    const r = run([[0, ''], [100, 'status'], [200, 'start'], [3000, 'ack'], [4000, '']], { 'pump.cfg': stored });
    expect(r.crashed).toBe(false);
    expect(of(r.events, 'settings')).toEqual([{ t: 0, ev: 'settings', status: 'corrupt: checksum mismatch' }]);
    expect(of(r.events, 'alarm').map((e) => [e.id, e.priority, e.active])).toEqual([['SETTINGS_CORRUPT', 'medium', true], ['SETTINGS_CORRUPT', 'medium', false]]);
    const replies = of(r.events, 'reply').map((e) => String(e.text));
    expect(replies[0]).toContain('tubing=3/8 stroke=34.00');
    // The pump still runs on the defaults; the alarm is a notice to recalibrate.
    expect(replies[1]).toBe('ok start 350');
  });
});
