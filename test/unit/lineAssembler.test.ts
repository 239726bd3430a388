import fc from 'fast-check';
import { LineAssembler, MAX_LINE_CHARS } from '../../firmware/core/commands/lineAssembler';

function collect(chunks: string[]): string[] {
  const out: string[] = [];
  const a = new LineAssembler({ line: (t) => out.push(`line:${t}`), tooLong: () => out.push('toolong') });
  for (const c of chunks) a.push(c);
  return out;
}

describe('LineAssembler', () => {
  it('splits lines on LF and strips a CR before it', () => {
    expect(collect(['flow 350\r\nstart\n'])).toEqual(['line:flow 350', 'line:start']);
  });

  it('holds a partial line until its newline arrives', () => {
    expect(collect(['fl', 'ow 3', '50'])).toEqual([]);
    expect(collect(['fl', 'ow 3', '50\n'])).toEqual(['line:flow 350']);
  });

  it('accepts exactly 80 characters and rejects 81, once per line', () => {
    const ok = 'x'.repeat(MAX_LINE_CHARS);
    expect(collect([ok + '\n'])).toEqual([`line:${ok}`]);
    expect(collect([ok + '\r\n'])).toEqual([`line:${ok}`]);
    expect(collect([ok + 'y\n'])).toEqual(['toolong']);
    expect(collect(['z'.repeat(5000) + '\nstatus\n'])).toEqual(['toolong', 'line:status']);
  });

  it('gives the same lines whatever the chunking (property)', () => {
    const lineArb = fc.string({ maxLength: 100 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (lines, cuts) => {
        const stream = lines.map((l) => l + '\n').join('');
        const chunks: string[] = [];
        let i = 0;
        let k = 0;
        while (i < stream.length) {
          const n = cuts[k++ % cuts.length];
          chunks.push(stream.substring(i, i + n));
          i += n;
        }
        const expected = lines.map((l) => (l.length > MAX_LINE_CHARS ? 'toolong' : `line:${l}`));
        expect(collect(chunks)).toEqual(expected);
      }),
    );
  });
});
