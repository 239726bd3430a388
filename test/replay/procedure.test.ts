// Procedure commands and timers through the bundle: the tourniquet time alarm, soft limits
// that need `confirm` and hard limits no command passes, additions to the reservoir kept
// out of the leak estimate, and the procedure commands refused where they do not apply.
import { hazardAlarms, of, replayText } from '../helpers';

const MIN = 60000;

describe('tourniquet time', () => {
  it('sounds TOURNIQUET_TIME (medium) 120 min after the cuff was inflated, gone once it is released', () => {
    const inflatedMs = MIN;
    const csv = `t_ms,p_cuff,cmd\n0,0,\n${inflatedMs},300,\n${inflatedMs + 125 * MIN},0,\n${inflatedMs + 126 * MIN},0,status\n`;
    const r = replayText(csv);
    const alarms = of(r.events, 'alarm').filter((e) => e.id === 'TOURNIQUET_TIME');
    expect(alarms.map((e) => [e.active, e.priority, e.minutes, e.limit])).toEqual([[true, 'medium', 120, 120], [false, 'medium', undefined, undefined]]);
    // Checked once a second.
    expect(alarms[0].t - inflatedMs - 120 * MIN).toBeGreaterThanOrEqual(0);
    expect(alarms[0].t - inflatedMs - 120 * MIN).toBeLessThanOrEqual(1200);
    expect(alarms[1].t - (inflatedMs + 125 * MIN)).toBeLessThanOrEqual(1200);
  });

  it('a cuff deflated and inflated again starts the time afresh; status shows it', () => {
    const csv = `t_ms,p_cuff,cmd\n0,300,\n${100 * MIN},0,\n${101 * MIN},300,\n${190 * MIN},,status\n`;
    const r = replayText(csv);
    expect(of(r.events, 'alarm').filter((e) => e.id === 'TOURNIQUET_TIME')).toEqual([]);
    expect(of(r.events, 'reply').pop()!.text).toMatch(/ tourniquet_min=89\.\d /);
  });
});

describe('soft and hard limits', () => {
  it.each([
    ['flow 450', 'err flow range 450 above the soft maximum 400 mL/min for ilp-leg: send "flow 450 confirm"'],
    ['flow 450 confirm', 'ok flow 450'],
    ['flow 700 confirm', 'err flow range 700 outside 100..600 mL/min for ilp-leg'],
    ['flow 450 please', 'err flow syntax usage: flow <mL/min> [confirm]'],
    ['temp 40.5', 'err temp range 40.5 above the soft maximum 40 degC for ilp-leg: send "temp 40.5 confirm"'],
    ['temp 40.5 confirm', 'ok temp 40.5'],
    ['temp 42 confirm', 'err temp range 42 outside 35..41 degC for ilp-leg'],
  ])('%s -> %s', (cmd, reply) => {
    const r = replayText(`t_ms,cmd\n0,\n1000,${cmd}\n1200,status\n`);
    const replies = of(r.events, 'reply');
    expect(replies[0].text).toBe(reply);
    const accepted = reply.startsWith('ok');
    const flowSet = / flow_set=(\S+)/.exec(replies[1].text as string)![1];
    const tempSet = / temp_set=(\S+)/.exec(replies[1].text as string)![1];
    expect([flowSet, tempSet]).toEqual([accepted && cmd.startsWith('flow') ? '450' : '350', accepted && cmd.startsWith('temp') ? '40.5' : '39.5']);
  });

  it('an unheated profile refuses a temperature', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,protocol rlp-equine\n1200,temp 37\n');
    expect(of(r.events, 'reply')[1].text).toBe('err temp range rlp-equine is not heated: no temperature target');
  });
});

describe('leak estimate', () => {
  // Perfusing from 1 s with 700 mL in the reservoir; 100 mL poured in at 30 s; then the
  // reservoir falls to 650 mL: 150 mL (18.8%) have left the circuit, not 50 (7%).
  const rows = (add: boolean) =>
    `t_ms,level,cmd\n0,700,\n1000,,start\n30000,800,${add ? 'add 100' : ''}\n60000,650,\n${60000 + 31 * 1000},650,\n`;

  it('counts declared additions: LEAK with the estimate in mL and percent', () => {
    const r = replayText(rows(true));
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok start 350', 'ok add 100']);
    const leak = hazardAlarms(r.events).find((e) => e.id === 'LEAK')!;
    expect(leak).toMatchObject({ active: true, priority: 'medium', limit: 10 });
    // Readings are within a code or two of the trace (the level sensor's ADC).
    expect(Math.abs((leak.value as number) - 650)).toBeLessThanOrEqual(2);
    expect(Math.abs((leak.leak_ml as number) - 150)).toBeLessThanOrEqual(3);
    expect(Math.abs((leak.leak_pct as number) - 18.8)).toBeLessThanOrEqual(0.4);
    expect(leak.t - 60000).toBeLessThanOrEqual(30400 + 400);
  });

  it('without the declaration the added volume hides the loss (the reason for `add`)', () => {
    expect(hazardAlarms(replayText(rows(false)).events)).toEqual([]);
  });
});

describe('procedure commands where they do not apply', () => {
  it.each([
    ['next', 'err next state no procedure phase to end (none)'],
    ['infuse 60 5', 'err infuse state only for an infusion profile, not ilp-leg'],
    ['add 0', 'err add range 0 outside 1..2000 mL for ilp-leg'],
    ['add', 'err add syntax usage: add <mL>'],
  ])('%s -> %s', (cmd, reply) => {
    const r = replayText(`t_ms,cmd\n0,\n1000,${cmd}\n`);
    expect(of(r.events, 'reply')[0].text).toBe(reply);
  });

  it('during the infusion, next and infuse are refused and the infusion goes on', () => {
    const r = replayText('t_ms,p_cuff,cmd\n0,350,\n1000,,protocol rlp-equine\n1200,,start\n3000,,next\n3200,,infuse 30 5\n3400,,status\n');
    const replies = of(r.events, 'reply').map((e) => e.text);
    expect(replies.slice(0, 4)).toEqual([
      'ok protocol rlp-equine', 'ok start 12', 'err next state the infusion ends on its volume; stop to end it early',
      'err infuse state only before the infusion starts',
    ]);
    expect(replies[4]).toMatch(/^ok status state=PERFUSING profile=rlp-equine flow=12\.0 .* phase=infuse phase_min=0\.0 /);
    expect(of(r.events, 'phase').map((e) => e.name)).toEqual(['infuse']);
    expect(hazardAlarms(r.events)).toEqual([]);
  });

  it('an infusion that would need a flow beyond the profile is refused', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,protocol rlp-equine\n1200,infuse 100 1\n1400,next\n');
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual([
      'ok protocol rlp-equine', 'err infuse range 100/1 outside 2..60 mL/min for rlp-equine', 'err next state no procedure phase to end (none)',
    ]);
  });
});

describe('the warm-up prompt', () => {
  // ILP leg: the drug waits for both tissue probes at 38 degC (warmTissueC).
  const warmup = (tProx: number, tDist: number) =>
    `t_ms,t_prox,t_dist,cmd\n0,${tProx},${tDist},\n1000,,,start\n${10 * MIN},,,\n`;
  const prompts = (csv: string) => of(replayText(csv).events, 'prompt').map((e) => e.phase);

  it('prompts for the drug once both tissue probes read 38 degC', () => {
    expect(prompts(warmup(38.2, 38.1))).toEqual(['warmup']);
  });

  it('does not while one probe is still under it, for 10 minutes', () => {
    expect(prompts(warmup(38.5, 37.8))).toEqual([]);
  });
});
