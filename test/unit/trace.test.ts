import fc from 'fast-check';
import { CELL_OPEN, CELL_SHORT, TraceError, parseTrace, splitCsvLine } from '../../scripts/replay/trace';

function error(text: string): string {
  try {
    parseTrace('t.csv', text);
  } catch (e) {
    if (e instanceof TraceError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('trace files', () => {
  it('reads metadata, fills empty cells forward and keeps commands', () => {
    const t = parseTrace('t.csv', '# protocol: ilp-leg\n# source: synthetic\nt_ms,p_art,t_art,cmd\n0,10,,start\n100,,37.5,\n250,12,open,"flow, 350"\n');
    expect(t.meta).toEqual({ protocol: 'ilp-leg', source: 'synthetic' });
    expect(Array.from(t.tMs)).toEqual([0, 100, 250]);
    expect(Array.from(t.values.p_art)).toEqual([10, 10, 12]);
    expect(Array.from(t.values.t_art)).toEqual([37, 37.5, CELL_OPEN]);
    expect(t.cmds).toEqual([{ tMs: 0, text: 'start', line: 4 }, { tMs: 250, text: 'flow, 350', line: 6 }]);
    expect(t.values.bubble).toBeUndefined();
  });

  it('accepts short, CRLF line ends, a BOM and trailing blank lines', () => {
    const t = parseTrace('t.csv', '\ufefft_ms,t_water\r\n0,short\r\n10,40\r\n\r\n\r\n');
    expect(Array.from(t.values.t_water)).toEqual([CELL_SHORT, 40]);
  });

  it.each([
    ['', 't.csv:1:1: empty file'],
    ['# only: comments\n', 't.csv:2:1: no header line (expected t_ms,...)'],
    ['t_ms,p_art\n', 't.csv:2:1: no data rows'],
    ['p_art,t_ms\n0,1\n', 't.csv:1:1: first column must be t_ms, found "p_art"'],
    ['t_ms,p_art,p_art\n0,1,1\n', 't.csv:1:12: duplicate column "p_art"'],
    ['t_ms,p_art\n-1,1\n', 't.csv:2:1: t_ms must be >= 0, found -1'],
    ['t_ms,p_art\n5,1\n5,2\n', 't.csv:3:1: t_ms must increase strictly: 5 after 5'],
    ['t_ms,p_art\n0,1\n10,1e400\n', 't.csv:3:4: p_art: not a number: "1e400"'],
    ['t_ms,p_art\n0, 1\n', 't.csv:2:3: p_art: not a number: " 1"'],
    ['t_ms,p_art\n0,Infinity\n', 't.csv:2:3: p_art: not a number: "Infinity"'],
    ['t_ms,p_art\n0,0x10\n', 't.csv:2:3: p_art: not a number: "0x10"'],
    // `open` is a broken wire: safety inputs only, not the head's blocked state.
    ['t_ms,stall\n0,open\n', 't.csv:2:3: stall: not a number: "open"'],
    ['t_ms,estop\n0,0.5\n', 't.csv:2:3: estop: must be 0 or 1, found 0.5'],
    ['t_ms,pin:A5\n0,1.5\n', 't.csv:2:3: pin:A5: must be within 0..1, found 1.5'],
    ['t_ms,pin:A5\n0,\n', 't.csv:2:3: pin:A5 needs a value in the first row'],
    ['t_ms,p_art\n0,1\n\n10,2\n', 't.csv:3:1: empty line'],
    ['t_ms,p_art\n0,1,2\n', 't.csv:2:5: expected 2 cells, found 3'],
    ['t_ms,p_art,cmd\n0,1\n', 't.csv:2:4: expected 3 cells, found 2'],
    ['t_ms,cmd\n0,"never closed\n10,x\n', 't.csv:2:3: malformed quoted cell (unterminated quote or text after the closing quote)'],
    ['t_ms,cmd\n0,"a"b\n', 't.csv:2:3: malformed quoted cell (unterminated quote or text after the closing quote)'],
    ['# protocol: ili\nt_ms,p_art\n0,1\n10,x\n', 't.csv:4:4: p_art: not a number: "x"'],
  ])('rejects %j', (text, message) => {
    expect(error(text)).toBe(message);
  });

  it('splits RFC 4180 cells', () => {
    expect(splitCsvLine('1,"a, ""b""",c')).toEqual(['1', 'a, "b"', 'c']);
    expect(splitCsvLine('1,""')).toEqual(['1', '']);
    expect(splitCsvLine('1,')).toEqual(['1', '']);
    expect(splitCsvLine('"x')).toBeNull();
  });
});

describe('fast number parsing', () => {
  it('gives exactly what Number() gives for every plain decimal (property)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fastNumberCell, numberCell } = require('../../scripts/replay/trace') as typeof import('../../scripts/replay/trace');
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 6 }), (v, d) => {
        const text = v.toFixed(d);
        expect(Object.is(fastNumberCell(text), Number(text))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const text of ['', '-', '.', '+5', '5.', '.5', '007', '1e3', '0x10', ' 1', '1 ', 'open', '12345678901234567', '-0']) {
      expect(Object.is(fastNumberCell(text), numberCell(text))).toBe(true);
    }
  });
});
