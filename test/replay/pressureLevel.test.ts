// Line pressure means without the roller pulsatility, span calibration and reservoir tare,
// through the bundle.
import { HEALTHY_CMDS, ilpLegSession } from '../../scripts/replay/synth-trace';
import { hazardAlarms, of, replayText } from '../helpers';

it('the mean arterial pressure removes most of the roller pulsatility; the instantaneous reading keeps it', () => {
  const r = replayText(ilpLegSession({ file: 'p.csv', note: 'pulsatile', durationS: 200, rowHz: 20, seed: 3, cmds: HEALTHY_CMDS }));
  const late = of(r.events, 'telemetry').filter((e) => e.t > 120000);
  const spread = (name: string) => {
    const v = late.map((e) => e[name] as number);
    return Math.max(...v) - Math.min(...v);
  };
  // The synthetic line pulses +-7.5% around 160 mmHg (about 24 mmHg peak to peak).
  expect(spread('p_art')).toBeGreaterThan(15);
  expect(spread('p_art_mean')).toBeLessThan(spread('p_art') * 0.25);
  const mean = late.reduce((sum, e) => sum + (e.p_art_mean as number), 0) / late.length;
  expect(mean).toBeGreaterThan(150);
  expect(mean).toBeLessThan(170);
  expect(hazardAlarms(r.events)).toEqual([]);
});

it('span scales a transducer to a reference pressure and stores it; refuses an implausible gain', () => {
  const csv = 't_ms,p_art,p_cuff,cmd\n0,0,300,\n1000,,,zero\n2000,190,,\n3000,,,span p_art 200\n4000,,,status\n5000,,,span p_cuff 400\n6000,,,span p_ven 200\n7000,,,span p_art x\n8000,,,\n';
  const r = replayText(csv);
  const replies = of(r.events, 'reply').map((e) => String(e.text));
  expect(replies[1]).toMatch(/^ok span p_art 1\.05\d\d saved$/);
  // Within the converter's noise (one code = 0.12 mmHg) of the reference.
  expect(replies[2]).toMatch(/ p_art=(199\.[7-9]|200\.[0-3]) /);
  expect(replies[3]).toMatch(/^err span range p_cuff reads (299\.[89]|300\.[0-2]) mmHg: gain 1\.33[2-4] outside 0\.8\.\.1\.2; check the reference and transducer$/);
  expect(replies[4]).toMatch(/^err span range p_ven reads -?0\.\d mmHg: gain/);
  expect(replies[5]).toBe('err span syntax not a number: x');
});

it('tare sets the reservoir volume with the pump stopped, and only then', () => {
  const csv = 't_ms,level,cmd\n0,760,\n1000,,tare 700\n2000,,status\n3000,,start\n4000,,tare\n5000,,\n';
  const r = replayText(csv);
  const replies = of(r.events, 'reply').map((e) => String(e.text));
  expect(replies[0]).toMatch(/^ok tare level=700 offset=(59|60|61)$/);
  // Within the converter's noise (one code = 0.8 mL) on either side of the tare.
  expect(replies[1]).toMatch(/ level=(69[89]|70[012]) /);
  expect(replies[3]).toBe('err tare state stop the pump first');
  expect(of(r.events, 'telemetry').pop()!.level).toBeCloseTo(700, -1);
});
