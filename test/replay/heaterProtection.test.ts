// The heater's runaway guard through the bundle (firmware/core/heaterGuard.ts): the
// perfusate leaving the band after it reached the target (a heater stuck on) trips
// HEATER_FAULT and the heater goes off; a setpoint change never does.
import { replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { externalSampleMs, hazardAlarms, of, pumpRunningAt, replayText } from '../helpers';

/** Perfusing from 1 s toward 39.5 degC; t_art from `tArt` (a plausible rate, under 1 degC/s). */
function session(durationS: number, tArt: (tS: number) => number, cmds: Record<number, string> = {}): string {
  const rows = ['t_ms,t_art,cmd'];
  for (let i = 0; i <= durationS * 5; i++) {
    const tS = i / 5;
    const cmd = i === 5 ? 'start' : cmds[tS] ?? '';
    rows.push(`${Math.round(tS * 1000)},${tArt(tS).toFixed(3)},${cmd}`);
  }
  return rows.join('\n') + '\n';
}

/** Warms from 37 at 0.05 degC/s to `to`. */
const warm = (to: number) => (tS: number) => Math.min(to, 37 + tS * 0.05);

it('the perfusate climbing 1.5 degC over the target after reaching it (heater stuck on) trips HEATER_FAULT in 60 s', () => {
  // At 39.5 from 50 s; from 120 s it climbs to 41.0 (below T_ART_HIGH at 42) and stays.
  const r = replayText(session(260, (tS) => (tS < 120 ? warm(39.5)(tS) : Math.min(41, 39.5 + (tS - 120) * 0.05))));
  const raised = hazardAlarms(r.events).filter((e) => e.active === true);
  expect(raised.map((e) => [e.id, e.cause])).toEqual([['HEATER_FAULT', 'left-band']]);
  // More than 1 degC above 39.5 from 140 s on: tripped 60 s later.
  expect(raised[0].t).toBeGreaterThanOrEqual(200000);
  // Plus up to a tick and the thermistor smoothing (time constant 0.7 s).
  expect(raised[0].t).toBeLessThanOrEqual(201000);
  expect(of(r.events, 'heater').filter((e) => e.t >= raised[0].t).every((e) => e.duty === 0)).toBe(true);
  expect(pumpRunningAt(r.events, 259000)).toBe(true);
});

it('a setpoint change of 1.5 degC after reaching the target never trips it', () => {
  const r = replayText(session(400, (tS) => (tS < 150 ? warm(39.5)(tS) : Math.min(41, 39.5 + (tS - 150) * 0.02)), { 150: 'temp 41 confirm' }));
  expect(hazardAlarms(r.events)).toEqual([]);
  expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok start 350', 'ok temp 41']);
});

it('the heater\'s dead-man turns it off 800 ms after the control cycles stop, before the watchdog resets the board', () => {
  const csv = 't_ms,t_art,cmd\n0,37,\n1000,,start\n20000,,\n';
  const r = replay(parseTrace('deadman.csv', csv), { inject: (sim) => sim.at(10050, () => sim.dropIntervals()) });
  // Heating (t_art 37 under the 39.5 target); the last cycle ran at 10.0 s (+ its conversions).
  const lastCycleMs = 10000 + externalSampleMs();
  expect(of(r.events, 'heater').filter((e) => e.t < 10050).pop()!.duty).toBeGreaterThan(0);
  const off = of(r.events, 'heater').find((e) => e.t > 10050)!;
  expect(off).toMatchObject({ t: lastCycleMs + 800, duty: 0 });
  const reset = of(r.events, 'reset');
  expect(reset.length).toBe(1);
  expect(reset[0].t).toBe(lastCycleMs + 1000);
});
