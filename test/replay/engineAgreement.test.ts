// Where the Node engine and the real interpreter must agree and once did not: the instant
// a trace boots the board, and what crosses the UART (bytes, not characters). Each case
// runs the Node engine always and the interpreter when ESPRUINO_BIN is set.
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { of, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const itWithInterpreter = BIN ? it : it.skip;

function comparable(events: ReplayEvent[]): string[] {
  return events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
}

const LATE_START = 't_ms,p_art,cmd\n5000,150,\n6000,,status\n7000,,start\n9000,,stop\n10000,,\n';
// 41 two-byte characters: 82 bytes on the wire, over the 80-byte line limit.
const WIDE_LINE = 't_ms,cmd\n0,\n500,' + 'é'.repeat(41) + '\n1000,' + 'é'.repeat(10) + '\n1500,\n';

beforeAll(() => requireBuild('pico'));

describe('boot instant', () => {
  it('the Node engine boots at the first row\'s t_ms, so the first tick follows it', () => {
    const r = replay(parseTrace('late.csv', LATE_START));
    const first = r.events.find((e) => e.ev !== 'summary') as ReplayEvent;
    expect(first.t).toBeGreaterThanOrEqual(5000);
    expect(of(r.events, 'reply')[0]).toMatchObject({ t: 6000 });
  });

  itWithInterpreter('the interpreter boots at the first row\'s t_ms too, with the same events', async () => {
    const trace = parseTrace('late.csv', LATE_START);
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    expect(real.crashed).toBe(false);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
  });
});

describe('UART bytes', () => {
  it('a line of 41 two-byte characters is 82 bytes: too long, not a syntax error', () => {
    const replies = of(replay(parseTrace('wide.csv', WIDE_LINE)).events, 'reply').map((e) => e.text);
    expect(replies[0]).toMatch(/^err - toolong/);
    expect(replies[1]).toMatch(/^err - syntax non-printable/);
  });

  itWithInterpreter('the interpreter answers the same bytes the same way', async () => {
    const trace = parseTrace('wide.csv', WIDE_LINE);
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
  });
});
