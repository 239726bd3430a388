import fc from 'fast-check';
import { YSI400, dividerRatioToOhm, ohmToCelsius } from '../../firmware/core/sensing/conversions';
import { pinModelOf, tableOhm, ysi400Table } from '../../scripts/replay/frontEnds';
import { CELL_OPEN, CELL_SHORT } from '../../scripts/replay/trace';

describe('harness front-end models', () => {
  const table = ysi400Table();

  it('reproduces the YSI 400 table at its own rows', () => {
    expect(table.length).toBe(71);
    expect(tableOhm(table, 25)).toBeCloseTo(2252, 6);
    expect(tableOhm(table, 37)).toBeCloseTo(1355, 6);
    for (const row of table) expect(tableOhm(table, row.tempC)).toBeCloseTo(row.ohm, 6);
  });

  it('interpolates monotonically between rows', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 59.9, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), (t, dt) => {
        expect(tableOhm(table, t + dt)).toBeLessThan(tableOhm(table, t));
      }),
    );
  });

  it('models open and short on a thermistor divider and a transducer', () => {
    const therm = pinModelOf('t_art', { pin: 'A0', frontEnd: 'thermistor', probe: 'ysi400', seriesOhm: 1300 });
    expect(therm(CELL_OPEN)).toBe(1);
    expect(therm(CELL_SHORT)).toBe(0);
    expect(therm(37)).toBeCloseTo(1355 / (1300 + 1355), 9);
    const p = pinModelOf('p_art', { pin: 'A4', frontEnd: 'transducer', ratioAtZero: 0.2, ratioPerUnit: 0.002 });
    expect(p(0)).toBe(0.2);
    expect(p(150)).toBeCloseTo(0.5, 12);
    expect(p(1000)).toBe(1);
    expect(p(CELL_OPEN)).toBe(0);
    expect(p(CELL_SHORT)).toBe(1);
  });

  it('and the firmware conversion inverts the divider to the table within 0.025 degC over 25-45 degC', () => {
    for (let t = 25; t <= 45; t += 0.25) {
      const ratio = tableOhm(table, t) / (1300 + tableOhm(table, t));
      expect(Math.abs(ohmToCelsius(dividerRatioToOhm(ratio, 1300), YSI400) - t)).toBeLessThan(0.025);
    }
  });
});

describe('firmware ChannelConverter', () => {
  it('gives exactly what convertReading gives, channel by channel (property)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const s = require('../../firmware/core/sensing/frontEnds') as typeof import('../../firmware/core/sensing/frontEnds');
    const frontEnds = [
      { kind: s.FRONT_END_THERMISTOR, seriesOhm: 1300, sh: YSI400, ratioAtZero: 0, ratioPerUnit: 1 },
      { kind: s.FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0.2, ratioPerUnit: 0.002 },
      { kind: s.FRONT_END_NONE, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 },
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -0.1, max: 1.1, noNaN: true }), fc.constant(NaN)), { minLength: 3, maxLength: 3 }), (ratios) => {
        // A fresh converter: its first sample is not smoothed.
        const conv = new s.ChannelConverter(frontEnds);
        const raw = new Float64Array(ratios);
        const out = new Float64Array(3).fill(123);
        const bad = conv.convert(raw, out, new Float64Array(3).fill(-Infinity), new Float64Array(3).fill(Infinity), true);
        for (let i = 0; i < 2; i++) expect(Object.is(out[i], s.convertReading(raw[i], frontEnds[i]))).toBe(true);
        expect(out[2]).toBe(123);
        // Flagged: exactly the wired channels without a reading.
        expect(bad).toBe((out[0] !== out[0] ? 1 : 0) | (out[1] !== out[1] ? 2 : 0));
        // Fault limits narrower than the rails: a value outside them is flagged and has no reading.
        const narrow = new s.ChannelConverter(frontEnds);
        const out2 = new Float64Array(3);
        const bad2 = narrow.convert(raw, out2, new Float64Array(3).fill(0.3), new Float64Array(3).fill(0.6), true);
        for (let i = 0; i < 2; i++) {
          const inside = raw[i] > 0.3 && raw[i] < 0.6;
          expect(((bad2 >> i) & 1) === 1).toBe(!inside);
          if (!inside) expect(out2[i]).toBeNaN();
        }
      }),
    );
  });
});
