// End to end through the bundle: the harness presents each temperature through the board's
// front end (YSI 400 table; the WiFi's water probe is a 10 kohm NTC) and the 12-bit ADC;
// the firmware's telemetry must be within 0.1 degC of the trace over 30-45 degC.
import { of, replayText } from '../helpers';

const HOLD_MS = 3000;
const CHANNELS = ['t_art', 't_prox', 't_dist', 't_water'];

function sweep(): { csv: string; valueAt: (channel: number, tMs: number) => number } {
  const rows = ['t_ms,' + CHANNELS.join(',')];
  const steps: number[] = [];
  for (let t = 30; t <= 45.0001; t += 0.37) steps.push(t);
  const valueAt = (channel: number, tMs: number) => {
    const step = Math.min(Math.floor(tMs / HOLD_MS), steps.length - 1);
    return Math.min(45, steps[step] + channel * 0.13);
  };
  for (let i = 0; i < steps.length; i++) {
    const tMs = i * HOLD_MS;
    rows.push([tMs, ...CHANNELS.map((_, c) => valueAt(c, tMs).toFixed(3))].join(','));
  }
  rows.push(`${steps.length * HOLD_MS},,,,`);
  return { csv: rows.join('\n') + '\n', valueAt };
}

describe.each(['pico', 'wifi'])('%s', (board) => {
  it('reports every temperature within 0.1 degC of the trace over 30-45 degC', () => {
    const { csv, valueAt } = sweep();
    const r = replayText(csv, board);
    const settled = of(r.events, 'telemetry').filter((e) => e.t % HOLD_MS >= 2000);
    expect(settled.length).toBeGreaterThan(40);
    let worst = 0;
    for (const e of settled) {
      CHANNELS.forEach((name, c) => {
        const err = Math.abs((e[name] as number) - Number(valueAt(c, e.t).toFixed(3)));
        worst = Math.max(worst, err);
      });
    }
    expect(worst).toBeLessThan(0.1);
    expect(worst).toBeGreaterThan(0); // quantisation is there: the comparison is real
  });
});
