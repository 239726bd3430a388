// Replies and status echo numbers at the precision the firmware keeps them (2 decimals for
// flow and temperature, 1 for volumes), not as raw doubles: the interpreter prints 12
// significant digits and Node 17, so raw echoes differed between the engines.
import { cmdTrace, of, replayText } from '../helpers';

function replies(rows: [number, string][]): string[] {
  return of(replayText(cmdTrace(rows)).events, 'reply').map((e) => String(e.text));
}

describe('numbers echoed at the firmware precision', () => {
  it('flow and temp', () => {
    const r = replies([[0, ''], [100, 'flow 123.456789012345678'], [200, 'temp 39.123456789'], [300, 'status']]);
    expect(r[0]).toBe('ok flow 123.46');
    expect(r[1]).toBe('ok temp 39.12');
    expect(r[2]).toMatch(/ flow_set=123\.46 temp_set=39\.12 /);
  });

  it('the infusion flow and an addition', () => {
    const r = replies([[0, ''], [100, 'protocol rlp-equine'], [200, 'infuse 50 7'], [300, 'status'], [400, 'add 12.3456']]);
    expect(r[1]).toBe('ok infuse 50 7 7.14');
    expect(r[2]).toMatch(/ flow_set=7\.14 /);
    expect(r[3]).toBe('ok add 12.3');
  });
});
