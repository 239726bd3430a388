// The command port through the flashed bundle: one reply per line, errors change nothing.
import { cmdTrace, of, replayText } from '../helpers';

function repliesAndStates(rows: [number, string][]) {
  const r = replayText(cmdTrace(rows));
  return {
    r,
    replies: of(r.events, 'reply').map((e) => [e.cmd, e.text]),
    states: of(r.events, 'state').map((e) => `${e.from}>${e.to}`),
  };
}

describe('command port through the bundle', () => {
  it('answers every bad line with err and changes no state', () => {
    const bad = [
      'bogus', 'flow', 'flow abc', 'flow 9999', 'flow -5', 'temp 55', 'temp x', 'protocol nope',
      'start please', '\u00ff\u00fe garbage', '!!!', 'flow 350; start', '"quoted"', 'x'.repeat(81),
    ];
    const rows: [number, string][] = [[0, '']];
    bad.forEach((line, i) => rows.push([100 + i * 100, line]));
    rows.push([5000, 'status']);
    const { replies, states } = repliesAndStates(rows);
    expect(replies.length).toBe(bad.length + 1);
    replies.slice(0, bad.length).forEach(([, text]) => expect(String(text)).toMatch(/^err /));
    expect(replies[0][1]).toBe('err bogus unknown unknown command');
    expect(replies[3][1]).toBe('err flow range 9999 outside 100..600 mL/min for ilp-leg');
    expect(replies[9][1]).toBe('err - syntax non-printable characters in line');
    expect(replies[13][1]).toBe('err - toolong line longer than 80 characters');
    expect(states).toEqual(['BOOT>IDLE']);
    expect(String(replies[bad.length][1])).toMatch(/^ok status state=IDLE profile=ilp-leg flow=0\.0 flow_set=350 temp_set=39\.5 /);
  });

  it('refuses a wrong-state command and keeps the pump as it was', () => {
    const { r, replies, states } = repliesAndStates([[0, ''], [100, 'start'], [3000, 'prime'], [3100, 'protocol ili'], [3200, 'zero'], [4000, '']]);
    expect(replies.map((x) => x[1])).toEqual([
      'ok start 350', 'err prime state not allowed in PERFUSING', 'err protocol state only in IDLE, now PERFUSING', 'err zero state stop the pump first',
    ]);
    expect(states).toEqual(['BOOT>IDLE', 'IDLE>PERFUSING']);
    const lastPump = of(r.events, 'pump').pop()!;
    expect(lastPump.hz).toBeGreaterThan(500);
    expect(lastPump.enabled).toBe(true);
  });

  it('programs the step rate that the flow implies and ramps to it', () => {
    const { r } = repliesAndStates([[0, ''], [100, 'flow 200'], [200, 'start'], [5000, '']]);
    const pump = of(r.events, 'pump');
    // 200 mL/min on 34 mL/rev at 3200 steps/rev: 313.725 Hz, as whole counts of the 42 MHz timer.
    expect(pump[pump.length - 1].hz).toBeCloseTo((200 / 60 / 34) * 3200, 1);
    const rising = pump.filter((e) => (e.hz as number) > 0).map((e) => e.hz as number);
    // 200 mL/min/s at a 200 ms tick: at most 40 mL/min per step.
    for (let i = 1; i < rising.length; i++) expect(rising[i] - rising[i - 1]).toBeLessThanOrEqual((40 / 60 / 34) * 3200 + 0.01);
  });

  it('accepts CRLF, lower and upper case, and a quoted cell with a comma as one line', () => {
    const csv = 't_ms,cmd\r\n0,\r\n100,STATUS\r\n200,"flow 350, now"\r\n';
    const r = replayText(csv);
    const replies = of(r.events, 'reply').map((e) => e.text);
    expect(String(replies[0])).toMatch(/^ok status /);
    expect(replies[1]).toBe('err flow syntax usage: flow <mL/min> [confirm]');
  });
});
