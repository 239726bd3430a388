import fc from 'fast-check';
import { decodeSettings, defaultSettings, encodeSettings, strokeInRange } from '../../firmware/core/settings';
import { crc32 } from '../../scripts/sim/espruinoSim';

describe('stored settings', () => {
  it('uses the standard CRC-32 the interpreter computes', () => {
    expect(crc32('hello')).toBe(907060870);
    expect(crc32('')).toBe(0);
  });

  it('round-trips any in-range calibration (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.tuple(fc.double({ min: 11.25, max: 18.75, noNaN: true }), fc.double({ min: 25.5, max: 42.5, noNaN: true }), fc.double({ min: 45, max: 75, noNaN: true })), (tubing, strokes) => {
        const s = { tubing, strokeMl: strokes, span: [1, 0.95, 1.1] };
        // Stored with the firmware's precision: 4 decimals.
        const stored = { tubing, strokeMl: strokes.map((x) => Math.floor(x * 1e4 + 0.5) / 1e4), span: [1, 0.95, 1.1] };
        const decoded = decodeSettings(encodeSettings(s, crc32), crc32) as typeof s;
        expect(decoded.tubing).toBe(stored.tubing);
        decoded.strokeMl.forEach((x, i) => expect(x).toBeCloseTo(stored.strokeMl[i], 9));
        expect(decoded.span).toEqual(stored.span);
      }),
    );
  });

  it('rejects every corruption with a reason, never throwing', () => {
    const good = encodeSettings({ tubing: 1, strokeMl: [15, 33.2, 60], span: [1, 1, 1] }, crc32);
    expect(decodeSettings(undefined, crc32)).toBe('missing');
    expect(decodeSettings(good.replace('33.2', '33.3'), crc32)).toBe('corrupt: checksum mismatch');
    expect(decodeSettings(good.split('\n')[0], crc32)).toBe('corrupt: no checksum');
    const signed = (body: string) => body + '\n' + crc32(body);
    expect(decodeSettings(signed('{"v":1,'), crc32)).toBe('corrupt: not JSON');
    expect(decodeSettings(signed('{"v":2,"tubing":1,"stroke":[15,34,60]}'), crc32)).toBe('corrupt: version 2');
    expect(decodeSettings(signed('{"v":1,"tubing":3,"stroke":[15,34,60]}'), crc32)).toBe('corrupt: tubing');
    expect(decodeSettings(signed('{"v":1,"tubing":1,"stroke":[15,34]}'), crc32)).toBe('corrupt: stroke volumes');
    expect(decodeSettings(signed('{"v":1,"tubing":1,"stroke":[15,80,60]}'), crc32)).toBe('corrupt: stroke volume out of range');
    expect(decodeSettings(signed('{"v":1,"tubing":1,"stroke":[15,34,60]}'), crc32)).toBe('corrupt: span factors');
    expect(decodeSettings(signed('{"v":1,"tubing":1,"stroke":[15,34,60],"span":[1,1.5,1]}'), crc32)).toBe('corrupt: span factor out of range');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (garbage) => {
        const result = decodeSettings(garbage, crc32);
        expect(typeof result === 'string' || strokeInRange(result.tubing, result.strokeMl[result.tubing])).toBe(true);
      }),
    );
  });

  it('writes numbers as text both engines write alike (not 17 significant digits)', () => {
    const text = encodeSettings({ tubing: 1, strokeMl: [15, 34.25129871287, 60], span: [1, 1.027749229188078, 0.9] }, crc32);
    expect(text.split('\n')[0]).toBe('{"v":1,"tubing":1,"stroke":[15.0000,34.2513,60.0000],"span":[1.0000,1.0277,0.9000]}');
  });

  it('falls back with a reason on any JSON body carrying a valid checksum, never throwing (fuzz)', () => {
    const signed = (body: string) => body + '\n' + crc32(body);
    expect(decodeSettings(signed('null'), crc32)).toBe('corrupt: not an object');
    expect(decodeSettings(signed('[1,2,3]'), crc32)).toBe('corrupt: not an object');
    expect(decodeSettings(signed('"pump"'), crc32)).toBe('corrupt: not an object');
    expect(decodeSettings(signed('{"v":1,"tubing":1,"stroke":"abc","span":[1,1,1]}'), crc32)).toBe('corrupt: stroke volumes');
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ v: fc.constant(1), tubing: fc.jsonValue(), stroke: fc.jsonValue(), span: fc.jsonValue() })), (value) => {
        const result = decodeSettings(signed(JSON.stringify(value) ?? 'null'), crc32);
        expect(typeof result === 'string' || (strokeInRange(result.tubing, result.strokeMl[result.tubing]) && result.span.length === 3)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('defaults to the nominal stroke volumes on 3/8 in tubing', () => {
    expect(defaultSettings()).toEqual({ tubing: 1, strokeMl: [15, 34, 60], span: [1, 1, 1] });
  });
});
