// A reset mid-case, replayed through the bundle with a `!reset <cause>` row: the board
// loses RAM, keeps Storage, and boots again. It must come up not pumping, with the case
// restored from flash (profile, setpoints, phase, tourniquet, volume, zero, tare) and
// CASE_RESTORED saying what happened; `resume` returns to the state it was in. A reset
// between cases keeps the profile and setpoints without an alarm.
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { CASE_PERIOD_MS } from '../../firmware/core/procedure/caseRecord';
import { of, pumpRunningAt, replayText, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const itWithInterpreter = BIN ? it : it.skip;

beforeAll(() => {
  requireBuild('pico');
  requireBuild('wifi');
});

/** An ILI case on its 50 mL/min: started at 1 s, the drug phase at 30 s, the tourniquet on throughout; `reset` at 66 s. */
function iliCase(reset: string, tail: string[] = ['68000,,status', '69000,,resume', '75000,,status', '80000,,']): string {
  return ['t_ms,p_cuff,cmd', '0,250,', '500,,protocol ili', '600,,flow 50', '700,,zero', '800,,tare 400', '1000,,start', '30000,,next',
    '65000,,status', `66000,,!reset ${reset}`, ...tail].join('\n') + '\n';
}

/** `key=value` fields of a status reply. */
function statusAt(events: ReplayEvent[], t: number): Record<string, string> {
  const reply = of(events, 'reply').find((e) => e.t === t && e.cmd === 'status');
  if (!reply) throw new Error(`no status reply at ${t}`);
  const out: Record<string, string> = {};
  for (const w of String(reply.text).split(' ')) {
    const eq = w.indexOf('=');
    if (eq > 0) out[w.substring(0, eq)] = w.substring(eq + 1);
  }
  return out;
}

const replies = (events: ReplayEvent[]) => of(events, 'reply').map((e) => [e.t, e.text]);

describe.each(['pico', 'wifi'])('%s', (board) => {
  it('a power loss mid-perfusion comes up IDLE, not pumping, the case restored, CASE_RESTORED; resume perfuses at the case\'s flow', () => {
    const r = replayText(iliCase('power'), board);
    expect(of(r.events, 'reset').map((e) => [e.t, e.cause])).toEqual([[66000, 'power']]);
    const restored = of(r.events, 'case');
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ t: 66000, profile: 'ili', was: 'PERFUSING', open: true, cause: 'power', down_s: null, phase: 'drug', tourniquet_exact: false });
    const alarm = of(r.events, 'alarm').filter((e) => e.id === 'CASE_RESTORED');
    expect(alarm.map((e) => [e.t, e.active, e.priority, e.cause, e.was])).toEqual([[66000, true, 'high', 'power', 'PERFUSING'], [69000, false, 'high', undefined, undefined]]);
    // Not pumping after the reset, until resume.
    expect(pumpRunningAt(r.events, 65900)).toBe(true);
    expect(pumpRunningAt(r.events, 68900)).toBe(false);
    const after = statusAt(r.events, 68000);
    expect(after).toMatchObject({ state: 'IDLE', profile: 'ili', flow: '0.0', flow_set: '50', temp_set: '39', phase: 'drug', alarm: 'CASE_RESTORED' });
    // The volume and the tourniquet time as last recorded (the record of the phase change at 30.2 s):
    // the power was off for an unknown time, so the tourniquet time is a lower bound.
    expect(Number(after.volume)).toBeCloseTo(24.1, 1);
    expect(Number(after.tourniquet_min)).toBeGreaterThanOrEqual(0.4);
    // Zero and tare survive: the reservoir still reads 400 mL, not 700 - 0.
    expect(Number(after.level)).toBeCloseTo(400, -1);
    expect(replies(r.events).filter((x) => x[0] === 69000)).toEqual([[69000, 'ok resume PERFUSING 50']]);
    expect(pumpRunningAt(r.events, 75000)).toBe(true);
    expect(statusAt(r.events, 75000)).toMatchObject({ state: 'PERFUSING', profile: 'ili', flow: '50.0', phase: 'drug' });
  });

  it.each(['brownout', 'pin'])('a %s reset: the clock ran on, so the tourniquet time is exact', (cause) => {
    const r = replayText(iliCase(cause), board);
    const restored = of(r.events, 'case')[0];
    expect(restored).toMatchObject({ cause, open: true, tourniquet_exact: true });
    // 66 s since the tourniquet went on at 0 s (its first second), less nothing.
    expect(restored.tourniquet_min).toBeCloseTo(1.1, 1);
    expect(Number(statusAt(r.events, 68000).tourniquet_min)).toBeCloseTo(1.1, 1);
    expect(pumpRunningAt(r.events, 68900)).toBe(false);
    expect(replies(r.events).filter((x) => x[0] === 69000)).toEqual([[69000, 'ok resume PERFUSING 50']]);
  });

  it('a second reset before resume still knows the state to resume to', () => {
    // The board restored at 66 s writes its record (IDLE, awaiting resume) a second later; reset again after that.
    const r = replayText(iliCase('power', ['68500,,!reset pin', '70000,,resume', '71000,,']), board);
    expect(of(r.events, 'case').map((e) => [e.t, e.was, e.open])).toEqual([[66000, 'PERFUSING', true], [68500, 'PERFUSING', true]]);
    expect(replies(r.events).filter((x) => x[0] === 70000)).toEqual([[70000, 'ok resume PERFUSING 50']]);
  });

  it('a reset while priming resumes priming, at the profile\'s prime flow', () => {
    const csv = ['t_ms,p_cuff,cmd', '0,0,', '500,,protocol ili', '1000,,prime', '5000,,!reset brownout', '7000,,resume', '9000,,'].join('\n') + '\n';
    const r = replayText(csv, board);
    expect(of(r.events, 'case')[0]).toMatchObject({ was: 'PRIMING', open: true });
    expect(replies(r.events).filter((x) => x[0] === 7000)).toEqual([[7000, 'ok resume PRIMING 50']]);
    expect(pumpRunningAt(r.events, 6900)).toBe(false);
    expect(pumpRunningAt(r.events, 8900)).toBe(true);
  });

  it('a watchdog reset comes up in FAULT with the case restored: resume waits for ack', () => {
    const r = replayText(iliCase('watchdog', ['68000,,resume', '68500,,ack', '69000,,resume', '75000,,status', '76000,,']), board);
    expect(of(r.events, 'case')[0]).toMatchObject({ cause: 'watchdog', open: true });
    expect(of(r.events, 'alarm').filter((e) => e.active === true && e.t === 66000 && e.id !== 'CALIBRATION_DEFAULT').map((e) => e.id)).toEqual(['WATCHDOG_RESET', 'CASE_RESTORED']);
    expect(replies(r.events).filter((x) => (x[0] as number) >= 68000 && (x[0] as number) < 75000)).toEqual([
      [68000, 'err resume state not allowed in FAULT: ack first'],
      [68500, 'ok ack'],
      [69000, 'err resume state no restored case to resume'],
    ]);
    // ack cleared CASE_RESTORED too: the case is still there, start goes on with it.
    expect(statusAt(r.events, 75000)).toMatchObject({ state: 'IDLE', profile: 'ili', flow_set: '50', phase: 'drug' });
  });

  it('resume is refused while the pump may not start (the lid open), and changes nothing', () => {
    const csv = ['t_ms,p_cuff,lid,cmd', '0,250,0,', '500,,,protocol ili', '1000,,,start', '5000,,,', '6000,,,!reset pin',
      '7000,,1,', '8000,,,resume', '8500,,,status', '9000,,0,', '9500,,,resume', '11000,,,'].join('\n') + '\n';
    const r = replayText(csv, board);
    expect(replies(r.events).slice(2).map((x) => x[1])).toEqual(['err resume state pump-head lid open', expect.stringMatching(/^ok status state=IDLE .*alarm=CASE_RESTORED/),
      'ok resume PERFUSING 60']);
    expect(pumpRunningAt(r.events, 9400)).toBe(false);
    expect(pumpRunningAt(r.events, 10900)).toBe(true);
  });

  it('near miss: a reset between cases keeps profile and setpoints, raises nothing', () => {
    // The cuff deflated (0 mmHg): no tourniquet on, nothing pumping, no phase: no case under way.
    const csv = ['t_ms,p_cuff,cmd', '0,0,', '500,,protocol rlp-equine', '600,,flow 20', '3000,,!reset power', '4000,,status', '4500,,resume', '5000,,'].join('\n') + '\n';
    const r = replayText(csv, board);
    expect(of(r.events, 'case').map((e) => [e.profile, e.open, e.was])).toEqual([['rlp-equine', false, 'IDLE']]);
    expect(of(r.events, 'alarm').filter((e) => e.id === 'CASE_RESTORED')).toEqual([]);
    expect(statusAt(r.events, 4000)).toMatchObject({ state: 'IDLE', profile: 'rlp-equine', flow_set: '20', phase: 'none' });
    expect(replies(r.events).filter((x) => x[0] === 4500)).toEqual([[4500, 'err resume state no restored case to resume']]);
  });

  it('a board fresh from flashing has no case: the default profile, no case event', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,status\n1500,\n', board);
    expect(of(r.events, 'case')).toEqual([]);
    expect(statusAt(r.events, 1000)).toMatchObject({ profile: 'ilp-leg', flow_set: '350' });
  });

  it('the record is written at most once a second and every minute while a case is open: bounded wear', () => {
    // 10 minutes of perfusion with a command every 200 ms at first: the writes stay near one a minute.
    const rows = ['t_ms,p_cuff,cmd', '0,250,', '1000,,start'];
    for (let t = 1200; t < 5000; t += 200) rows.push(`${t},,flow ${300 + (t % 1000) / 100}`);
    rows.push('600000,,');
    const writes: number[] = [];
    const r = replay(parseTrace('wear.csv', rows.join('\n') + '\n'), {
      board,
      inject: (s) => {
        const original = s.storage.set.bind(s.storage);
        s.storage.set = (name: string, value: string) => {
          if (name.startsWith('case.')) writes.push(s.nowMs);
          return original(name, value);
        };
      },
    });
    expect(r.crashed).toBe(false);
    const gaps = writes.slice(1).map((t, i) => t - writes[i]);
    // Two Storage operations a record at most (an erased file then the slot, once every 8 records).
    const records = writes.filter((t, i) => i === 0 || t !== writes[i - 1]);
    expect(Math.min(...gaps.filter((g) => g > 0))).toBeGreaterThanOrEqual(1000);
    expect(records.length).toBeLessThanOrEqual(6 + Math.ceil(600000 / CASE_PERIOD_MS) + 1);
    expect(records.length).toBeGreaterThanOrEqual(Math.floor(600000 / CASE_PERIOD_MS) - 1);
  });

  it('a full flash: the record is refused, STORAGE_FAULT, the pump perfuses on; after a reset nothing was kept', () => {
    const rows = ['t_ms,p_cuff,cmd', '0,250,', '300,,protocol ili', '1000,,start', '65000,,status', '66000,,!reset pin', '67000,,status', '68000,,'];
    const r = replay(parseTrace('full.csv', rows.join('\n') + '\n'), {
      board,
      inject: (s) => {
        // Fill the flash before the first record (a second after boot): the ring cannot create its file.
        s.at(200, () => {
          const free = s.board.board.storageBytes - s.storageUsedBytes();
          s.storage.set('filler', 'x'.repeat(free - 32));
        });
      },
    });
    expect(r.crashed).toBe(false);
    const storage = of(r.events, 'alarm').filter((e) => e.id === 'STORAGE_FAULT' && e.active === true);
    // At the first record, and again after the reset (RAM, and the alarm with it, is gone).
    expect(storage.map((e) => Math.floor(e.t / 1000))).toEqual([1, 67]);
    expect(pumpRunningAt(r.events, 65000)).toBe(true);
    // Warned an hour early is the best a full flash allows: nothing to restore, the board's defaults.
    expect(of(r.events, 'case')).toEqual([]);
    expect(statusAt(r.events, 67000)).toMatchObject({ state: 'IDLE', profile: 'ilp-leg' });
  });
});

itWithInterpreter('the interpreter gives the same events through each reset, its own Storage kept', async () => {
  for (const cause of ['power', 'watchdog', 'brownout', 'pin']) {
    const trace = parseTrace(`reset-${cause}.csv`, iliCase(cause));
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    const comparable = (events: ReplayEvent[]) => events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
    expect(real.crashed).toBe(false);
    expect(of(real.events, 'case')).toHaveLength(1);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
  }
}, 120000);
