// Temperature conversion against the published YSI 400 table, and its properties.
import fc from 'fast-check';
import { NTC10K, YSI400, dividerRatioToOhm, ohmToCelsius, probeCoefficients } from '../../firmware/core/sensing/conversions';
import { ChannelConverter, FRONT_END_LINEAR, FRONT_END_THERMISTOR, THERMISTOR_SMOOTHING, thermistorRatioAt } from '../../firmware/core/sensing/frontEnds';
import { tableOhm, ysi400Table } from '../../scripts/replay/frontEnds';

const table = ysi400Table();

describe('YSI 400 conversion', () => {
  it('is within 0.02 degC of the published table over 25-45 degC (conversion alone)', () => {
    let worst = 0;
    for (let t = 25; t <= 45.0001; t += 0.01) worst = Math.max(worst, Math.abs(ohmToCelsius(tableOhm(table, t), YSI400) - t));
    expect(worst).toBeLessThan(0.02);
    expect(worst).toBeGreaterThan(0.005); // a real comparison, not a tautology
    for (const row of table.filter((r) => r.tempC >= 25 && r.tempC <= 45)) {
      expect(Math.abs(ohmToCelsius(row.ohm, YSI400) - row.tempC)).toBeLessThan(0.02);
    }
  });

  it('passes exactly through the three table rows it was fitted to', () => {
    expect(ohmToCelsius(2252, YSI400)).toBeCloseTo(25, 9);
    expect(ohmToCelsius(1471, YSI400)).toBeCloseTo(35, 9);
    expect(ohmToCelsius(983.8, YSI400)).toBeCloseTo(45, 9);
  });

  it('end to end (divider, 12-bit ADC, bin centre, conversion) is within 0.1 degC over 30-45 degC', () => {
    let worst = 0;
    for (let t = 30; t <= 45.0001; t += 0.01) {
      const ohm = tableOhm(table, t);
      const code = Math.floor((ohm / (1300 + ohm)) * 4096);
      const ratio = (code + 0.5) / 4096;
      worst = Math.max(worst, Math.abs(ohmToCelsius(dividerRatioToOhm(ratio, 1300), YSI400) - t));
    }
    expect(worst).toBeLessThan(0.1);
    expect(worst).toBeLessThan(0.025);
  });
});

describe('thermistor conversions (properties)', () => {
  const probes = fc.constantFrom(YSI400, NTC10K);

  it('temperature falls as resistance rises (monotonic)', () => {
    fc.assert(
      fc.property(probes, fc.double({ min: 200, max: 200000, noNaN: true }), fc.double({ min: 1.0001, max: 2, noNaN: true }), (sh, ohm, k) => {
        expect(ohmToCelsius(ohm * k, sh)).toBeLessThan(ohmToCelsius(ohm, sh));
      }),
    );
  });

  it('ratio -> temperature -> ratio round-trips (inverse)', () => {
    fc.assert(
      fc.property(probes, fc.double({ min: 0, max: 70, noNaN: true }), fc.constantFrom(1300, 5600, 10000), (sh, t, series) => {
        const ratio = thermistorRatioAt(t, series, sh);
        expect(ohmToCelsius(dividerRatioToOhm(ratio, series), sh)).toBeCloseTo(t, 6);
      }),
    );
  });

  it('knows the 10 kohm NTC: 10 kohm at 25 degC', () => {
    expect(ohmToCelsius(10000, NTC10K)).toBeCloseTo(25, 1);
    expect(probeCoefficients('ntc10k')).toBe(NTC10K);
    expect(probeCoefficients('ysi400')).toBe(YSI400);
    expect(probeCoefficients('pt100')).toBeNull();
  });
});

describe('thermistor smoothing', () => {
  it('moves a quarter of the way per tick, restarts after a fault, and settles on the input', () => {
    const conv = new ChannelConverter([{ kind: FRONT_END_THERMISTOR, seriesOhm: 1300, sh: YSI400, ratioAtZero: 0, ratioPerUnit: 1 }]);
    const out = new Float64Array(1);
    const at = (ratio: number) => {
      conv.convert(new Float64Array([ratio]), out, new Float64Array([-Infinity]), new Float64Array([Infinity]), true);
      return out[0];
    };
    const t50 = at(0.5);
    expect(t50).toBeCloseTo(ohmToCelsius(1300, YSI400), 9);
    const expected = 0.5 + (0.45 - 0.5) * THERMISTOR_SMOOTHING;
    expect(at(0.45)).toBeCloseTo(ohmToCelsius(dividerRatioToOhm(expected, 1300), YSI400), 9);
    for (let i = 0; i < 60; i++) at(0.45);
    expect(at(0.45)).toBeCloseTo(ohmToCelsius(dividerRatioToOhm(0.45, 1300), YSI400), 6);
    expect(Number.isNaN(at(0.999))).toBe(true);
    expect(at(0.5)).toBeCloseTo(t50, 9);
  });

  it('samples thermistors on thermal ticks only; linear channels every tick; only the active channels', () => {
    const conv = new ChannelConverter([
      { kind: FRONT_END_THERMISTOR, seriesOhm: 1300, sh: YSI400, ratioAtZero: 0, ratioPerUnit: 1 },
      { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0.2, ratioPerUnit: 0.002 },
      { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0.2, ratioPerUnit: 0.002 },
    ]);
    const out = new Float64Array(3).fill(-1);
    const low = new Float64Array(3).fill(-Infinity);
    const high = new Float64Array(3).fill(Infinity);
    const tick = (ratios: number[], thermal: boolean) => conv.convert(new Float64Array(ratios), out, low, high, thermal);
    const celsius = (ratio: number) => ohmToCelsius(dividerRatioToOhm(ratio, 1300), YSI400);
    conv.setActive(0b011);
    expect(tick([0.5, 0.4, 0.4], true)).toBe(0);
    expect(out[0]).toBeCloseTo(celsius(0.5), 9);
    expect(out[1]).toBeCloseTo(100, 9);
    expect(out[2]).toBe(-1);
    // Not a thermal tick: the thermistor is neither sampled nor judged (a rail value is not seen).
    expect(tick([0.999, 0.5, 0.4], false)).toBe(0);
    expect(out[0]).toBeCloseTo(celsius(0.5), 9);
    expect(out[1]).toBeCloseTo(150, 9);
    tick([0.46, 0.5, 0.4], true);
    expect(out[0]).toBeCloseTo(celsius(0.5 + (0.46 - 0.5) * THERMISTOR_SMOOTHING), 9);
    // A rail value on a thermal tick: no reading, flagged, and the next sample starts afresh.
    expect(tick([0.999, 0.001, 0.4], true)).toBe(0b011);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    tick([0.45, 0.5, 0.4], true);
    expect(out[0]).toBeCloseTo(celsius(0.45), 9);
    conv.setActive(0b111);
    tick([0.45, 0.5, 0.3], false);
    expect(out[2]).toBeCloseTo(50, 9);
  });
});
