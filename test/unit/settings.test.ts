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
        expect(decodeSettings(encodeSettings(s, crc32), crc32)).toEqual(s);
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

  it('defaults to the nominal stroke volumes on 3/8 in tubing', () => {
    expect(defaultSettings()).toEqual({ tubing: 1, strokeMl: [15, 34, 60], span: [1, 1, 1] });
  });
});
