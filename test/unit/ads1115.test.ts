// The ADS1115 path on the host side: the config words and ratio scaling the build
// generates from the board files (checked bit by bit against the datasheet's register
// map, TI SBAS444 table 8), the converter model both engines present, and that every
// channel's plausible range fits the programmed gain.
import { Ads1115Model, adsCode, ADS_CONFIG_RESET } from '../../scripts/sim/ads1115Model';
import { listBoardNames, loadBoard } from '../../scripts/board/board';
// @ts-expect-error plain JS module without types
import { adsChannel, boardModuleSource } from '../../scripts/board/board-module.mjs';
import { CHANNEL_MAX, CHANNEL_MIN, channelIndex } from '../../firmware/core/channels';
import { RAIL_MARGIN } from '../../firmware/core/sensing/frontEnds';
import { SimError } from '../../scripts/sim/espruinoSim';

/** The config word from its fields, as the datasheet lays them out. */
function word(f: { os: number; mux: number; pga: number; mode: number; dr: number; compQue: number }): number {
  return (f.os << 15) | (f.mux << 12) | (f.pga << 9) | (f.mode << 8) | (f.dr << 5) | f.compQue;
}

describe('config words generated from the board files', () => {
  it('reproduces the datasheet reset value from its fields (the field layout is right)', () => {
    expect(word({ os: 1, mux: 0, pga: 2, mode: 1, dr: 4, compQue: 3 })).toBe(0x8583);
    expect(ADS_CONFIG_RESET).toBe(0x8583);
  });

  it('starts a single-shot 860 SPS conversion of the wired input at the wired gain, comparator off', () => {
    const limb = adsChannel({ address: 72, mux: 'AIN0-AIN1', fsrVolts: 0.256, voltsAtZero: 0, voltsPerUnit: 1.65e-5 }, 'p_limb');
    expect(limb.config).toBe(word({ os: 1, mux: 0, pga: 5, mode: 1, dr: 7, compQue: 3 }));
    expect(limb.config).toBe(0x8be3);
    const sys = adsChannel({ address: 72, mux: 'AIN2', fsrVolts: 2.048, voltsAtZero: 0.4, voltsPerUnit: 0.004 }, 'p_sys');
    expect(sys.config).toBe(word({ os: 1, mux: 6, pga: 2, mode: 1, dr: 7, compQue: 3 }));
    const level = adsChannel({ address: 73, mux: 'AIN3', fsrVolts: 4.096, voltsAtZero: 0.2, voltsPerUnit: 0.0005 }, 'level');
    expect(level.config).toBe(word({ os: 1, mux: 7, pga: 1, mode: 1, dr: 7, compQue: 3 }));
  });

  it('scales a differential code to 0.5 at 0 V and a single-ended one to 0 at 0 V, each at the centre of its bin', () => {
    const d = adsChannel({ address: 72, mux: 'AIN0-AIN1', fsrVolts: 0.256, voltsAtZero: 0, voltsPerUnit: 1.65e-5 }, 'd');
    expect(0 * d.codeScale + d.codeOffset).toBeCloseTo(0.5 + 0.5 / 65536, 12);
    expect(32767 * d.codeScale + d.codeOffset).toBeCloseTo(1, 4);
    expect(-32768 * d.codeScale + d.codeOffset).toBeCloseTo(0, 4);
    // 100 mmHg = 1.65 mV: its code, scaled, lands on the front end's ratio for 100.
    const code = adsCode(100 * 1.65e-5, 0.256);
    expect((code * d.codeScale + d.codeOffset - d.ratioAtZero) / d.ratioPerUnit).toBeCloseTo(100, 0);
    const s = adsChannel({ address: 72, mux: 'AIN2', fsrVolts: 2.048, voltsAtZero: 0.4, voltsPerUnit: 0.004 }, 's');
    expect(s.codeOffset).toBeCloseTo(0.5 / 32768, 12);
    const sCode = adsCode(0.4 + 93.7 * 0.004, 2.048);
    expect((sCode * s.codeScale + s.codeOffset - s.ratioAtZero) / s.ratioPerUnit).toBeCloseTo(93.7, 1);
  });

  it('refuses a wiring the chip cannot do', () => {
    const ok = { address: 72, mux: 'AIN2', fsrVolts: 2.048, voltsAtZero: 0.4, voltsPerUnit: 0.004 };
    expect(() => adsChannel({ ...ok, address: 80 }, 'x')).toThrow('x.address: an ADS1115 answers at 72..75');
    expect(() => adsChannel({ ...ok, mux: 'AIN4' }, 'x')).toThrow('x.mux: unknown input "AIN4"');
    expect(() => adsChannel({ ...ok, fsrVolts: 3.3 }, 'x')).toThrow('x.fsrVolts: not a full-scale range of the ADS1115: 3.3');
    const board = loadBoard('pico');
    const bad = { ...board, channels: { ...board.channels, p_sys: { ...board.channels.p_sys, bus: 'I2C2' } } };
    expect(() => boardModuleSource(bad, 'pico')).toThrow('channels.p_sys: bus I2C2 is not the wired I2C bus I2C1');
  });

  it.each(listBoardNames())('%s: every external channel\'s plausible range fits its gain, clear of the rails', (name) => {
    const board = loadBoard(name);
    const external = Object.entries(board.channels).filter(([, c]) => c.frontEnd === 'ads1115');
    expect(external.length).toBeGreaterThanOrEqual(2);
    for (const [key, c] of external) {
      const a = adsChannel(c, key);
      const i = channelIndex(key);
      for (const value of [CHANNEL_MIN[i], CHANNEL_MAX[i]]) {
        const ratio = a.ratioAtZero + value * a.ratioPerUnit;
        expect(ratio).toBeGreaterThan(RAIL_MARGIN);
        expect(ratio).toBeLessThan(1 - RAIL_MARGIN);
      }
      // The module the firmware is built with carries the same numbers.
      expect(boardModuleSource(board, name)).toContain(`{ name: "${key}", address: ${c.address}, config: ${a.config},`);
    }
  });
});

describe('converter model', () => {
  let now = 0;
  let volts: Record<string, number> = {};
  const ads = () => new Ads1115Model(72, { nowMs: () => now, volts: (k) => volts[k] ?? 0, noisy: false });
  const readWord = (m: Ads1115Model, pointer: number) => {
    m.write([pointer]);
    const b = m.read(2);
    return (b[0] << 8) | b[1];
  };

  beforeEach(() => {
    now = 0;
    volts = { 'ads72:AIN0-AIN1': 0.0033, 'ads72:AIN2': 1.2 };
  });

  it('converts the selected input at the selected gain, one sample period after the start', () => {
    const m = ads();
    m.write([1, 0x8b, 0xe3]); // AIN0-AIN1, +-0.256 V, 860 SPS
    expect(readWord(m, 1)).toBe(0x0be3); // bit 15 = 0: converting
    expect(readWord(m, 0)).toBe(0); // previous result meanwhile
    now = 1000 / 860;
    expect(readWord(m, 1)).toBe(0x8be3);
    expect(readWord(m, 0)).toBe(Math.floor((0.0033 / 0.256) * 32768));
    m.write([1, 0xe5, 0xe3]); // AIN2, +-2.048 V
    now += 2;
    expect(readWord(m, 0)).toBe(Math.floor((1.2 / 2.048) * 32768));
  });

  it('saturates at full scale and gives negative codes as two\'s complement', () => {
    const m = ads();
    volts['ads72:AIN0-AIN1'] = -1.65;
    m.write([1, 0x8b, 0xe3]);
    now = 2;
    expect(readWord(m, 0)).toBe(0x8000);
    volts['ads72:AIN0-AIN1'] = 1.65;
    m.write([1, 0x8b, 0xe3]);
    now = 4;
    expect(readWord(m, 0)).toBe(0x7fff);
  });

  it('throws on what the driver must not do', () => {
    const m = ads();
    expect(() => m.write([1, 0x8a, 0xe3])).toThrow(SimError); // continuous mode
    expect(() => m.write([0, 1, 2])).toThrow('the conversion register is read-only');
    m.write([1, 0x8b, 0xe3]);
    expect(() => m.write([1, 0x8b, 0xe3])).toThrow('conversion started while one is running');
  });
});
