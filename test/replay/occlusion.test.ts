// A fast occlusion: p_art rising at 200, 1,000 and 5,000 mmHg/s while perfusing trips
// P_ART_HIGH within 500 ms of crossing the 300 mmHg limit, even where the reading leaves
// the transducer's range (a pressure above range is above the limit); SENSOR_FAULT may
// follow, never replace it.
import { hazardAlarms, pumpRunningAt, pumpStoppedAt, replayText } from '../helpers';
import { loadBoard } from '../../scripts/board/board';
import { PROFILES } from '../../firmware/core/profiles';

/** Perfusing at 150 mmHg from 1 s; from 20 s p_art rises at rate mmHg/s to `top`; rows every 10 ms. */
function ramp(rateMmHgS: number, top: number): { csv: string; crossMs: number } {
  const rows = ['t_ms,p_art,cmd', '0,150,', '1000,150,start'];
  let crossMs = -1;
  for (let t = 20000; t <= 26000; t += 10) {
    const p = Math.min(top, 150 + (rateMmHgS * (t - 20000)) / 1000);
    if (crossMs < 0 && p > 300) crossMs = t;
    rows.push(`${t},${p.toFixed(1)},`);
  }
  return { csv: rows.join('\n') + '\n', crossMs };
}

describe.each(['pico', 'wifi'])('occlusion on %s', (board) => {
  it.each([
    [200, 2000],
    [1000, 2000],
    [5000, 5000],
  ])('p_art rising at %i mmHg/s (to %i mmHg) trips P_ART_HIGH within 500 ms of the limit', (rate, top) => {
    const { csv, crossMs } = ramp(rate, top);
    const r = replayText(csv, board);
    const first = hazardAlarms(r.events).find((e) => e.active === true);
    expect(first).toMatchObject({ id: 'P_ART_HIGH', priority: 'high' });
    expect(first!.t - crossMs).toBeLessThanOrEqual(500);
    expect(pumpRunningAt(r.events, crossMs - 10)).toBe(true);
    expect(pumpStoppedAt(r.events, crossMs) - crossMs).toBeLessThanOrEqual(500);
  });

  it('reads the line pressures to at least twice the highest P_ART_HIGH limit of any profile', () => {
    const highest = Math.max(...PROFILES.map((p) => p.pArtHighMmHg));
    for (const ch of ['p_art', 'p_ven']) {
      const spec = loadBoard(board).channels[ch];
      const topMmHg = (0.95 - (spec.ratioAtZero as number)) / (spec.ratioPerUnit as number);
      expect(topMmHg).toBeGreaterThanOrEqual(2 * highest);
    }
  });
});
