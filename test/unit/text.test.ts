import fc from 'fast-check';
import { isPrintableAscii, parseDecimal, splitWords } from '../../firmware/core/text';

describe('parseDecimal', () => {
  it.each([
    ['350', 350], ['0', 0], ['-12.5', -12.5], ['40.', 40], ['.5', 0.5], ['007', 7],
  ])('accepts %s', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', '-', '.', '1e3', '0x10', '3,5', '1.2.3', '+5', ' 5', '5 ', 'Infinity', 'NaN', '--1', '12a'])(
    'rejects %j',
    (text) => {
      expect(Number.isNaN(parseDecimal(text))).toBe(true);
    },
  );

  it('round-trips every fixed-point number it prints', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 4 }), (v, decimals) => {
        const text = v.toFixed(decimals);
        expect(parseDecimal(text)).toBe(Number(text));
      }),
    );
  });
});

describe('splitWords', () => {
  it('splits on runs of spaces and drops empty words', () => {
    expect(splitWords('  flow   350 ')).toEqual(['flow', '350']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords('   ')).toEqual([]);
  });
});

describe('isPrintableAscii', () => {
  it('accepts printable ASCII only', () => {
    expect(isPrintableAscii('flow 350 ~')).toBe(true);
    expect(isPrintableAscii('flow\t350')).toBe(false);
    expect(isPrintableAscii('fl\u00f6w')).toBe(false);
    expect(isPrintableAscii('\u0000')).toBe(false);
  });
});
