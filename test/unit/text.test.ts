import fc from 'fast-check';
import { fixedOrNull, formatFixed, isPrintableAscii, jsonFixed, parseDecimal, splitWords } from '../../firmware/core/text';

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

describe('formatFixed', () => {
  it.each([
    [99.95117, 1, '100.0'], [37.996, 2, '38.00'], [37.995, 2, '37.99'], [2.5, 0, '3'], [-2.5, 0, '-3'], [-0.04, 1, '0.0'],
    [-12.345, 1, '-12.3'], [0, 2, '0.00'], [350, 1, '350.0'], [1234.5678, 3, '1234.568'], [0.05, 1, '0.1'],
  ])('formats %d with %d decimals as %s', (v, d, text) => {
    expect(formatFixed(v, d)).toBe(text);
  });

  it('rounds to the nearest step and prints exactly the asked decimals (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 4 }), (v, d) => {
        const text = formatFixed(v, d);
        const dot = text.indexOf('.');
        expect(d === 0 ? dot : text.length - dot - 1).toBe(d === 0 ? -1 : d);
        expect(Math.abs(Number(text) - v)).toBeLessThanOrEqual(0.5 / 10 ** d + 1e-9 * Math.abs(v));
      }),
    );
  });

  it('prints null for a value that is not available', () => {
    expect(fixedOrNull(NaN, 1)).toBe('null');
    expect(fixedOrNull(36.996, 2)).toBe('37.00');
  });
});

describe('jsonFixed', () => {
  it.each([
    [99.95117, 1, '100'], [37.996, 2, '38'], [36.904, 2, '36.9'], [-2.5, 0, '-3'], [-0.04, 1, '0'], [-12.345, 1, '-12.3'], [NaN, 1, 'null'],
  ])('gives %d with %d decimals as %s', (v, d, text) => {
    expect(jsonFixed(v, d)).toBe(text);
  });

  it('is the number formatFixed prints, as JSON (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e5, max: 1e5, noNaN: true }), fc.integer({ min: 0, max: 4 }), (v, d) => {
        expect(JSON.parse(jsonFixed(v, d))).toBe(Number(formatFixed(v, d)) + 0);
      }),
    );
  });
});
