// Seeded random traces for the differential fuzz test (test/replay/fuzz.test.ts) and the
// long run (`npm run fuzz`): sensor random walks with jumps, `open` and `short` cells,
// safety inputs toggling or broken, a blocked head, valid commands, garbage lines and
// resets. The same seed gives the same trace. `checkInvariants` judges a replay against
// what must hold whatever the input: no crash and no halt, one `ok`/`err` reply per
// command, and the pump stopped and the heater off while an alarm that demands it is on.

import { ALARMS } from '../../firmware/core/safety/alarms';
import { CHANNEL_NAMES, HEATER_SENSOR_CHANNELS, PUMP_SENSOR_CHANNELS } from '../../firmware/core/channels';
import { PROFILE_IDS } from '../../firmware/core/profiles';
import type { ReplayEvent, ReplayResult } from '../replay/replay';
import { RESET_CAUSES } from '../replay/trace';
import { rng } from '../replay/rng';

export { rng };

const SENSORS: Array<[string, number, number, number]> = [
  // column, start, low, high of the walk
  ['p_art', 80, -20, 700],
  ['p_ven', 10, -20, 200],
  ['p_cuff', 260, 0, 400],
  ['t_art', 37, 20, 50],
  ['t_prox', 36, 20, 50],
  ['t_water', 38, 20, 55],
  ['level', 700, 0, 2000],
];
const SWITCHES = ['bubble', 'estop', 'lid', 'drv_fault', 'stall'];
/** Printable ASCII without the CSV's comma and quote, and a few bytes a UART may carry. */
const GARBAGE_CHARS = ' !#$%&()*+-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\té\u00ff';

function validCommand(r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const n = (lo: number, hi: number, d = 0) => (lo + r() * (hi - lo)).toFixed(d);
  const forms = [
    () => 'status', () => 'prime', () => 'start', () => 'start', () => 'stop', () => 'ack', () => 'silence', () => 'next',
    () => 'resume', () => 'log', () => 'zero', () => `tare ${n(0, 800)}`, () => `add ${n(1, 300)}`,
    () => `flow ${n(0, 700, r() < 0.5 ? 0 : 2)}${r() < 0.3 ? ' confirm' : ''}`, () => `temp ${n(30, 43, 1)}${r() < 0.3 ? ' confirm' : ''}`,
    () => `protocol ${pick(PROFILE_IDS)}`, () => `infuse ${n(10, 120)} ${n(1, 10)}`, () => `tubing ${pick(['1/4', '3/8', '1/2'])}`,
    () => `span ${pick(['p_art', 'p_ven', 'p_cuff'])} ${n(80, 120)}`, () => `calibrate ${n(1, 5)}`, () => `collected ${n(10, 200)}`,
  ];
  return pick(forms)();
}

function garbage(r: () => number): string {
  const kind = r();
  if (kind < 0.15) return 'x'.repeat(70 + Math.floor(r() * 30));
  if (kind < 0.3) return 'STATUS   ' + 'é'.repeat(Math.floor(r() * 45));
  let out = '';
  const len = 1 + Math.floor(r() * 20);
  for (let i = 0; i < len; i++) out += GARBAGE_CHARS.charAt(Math.floor(r() * GARBAGE_CHARS.length));
  // A cell is one line and the trace format trims nothing: no empty or blank-only cell.
  out = out.trim();
  return out === '' || out.startsWith('!reset') ? 'zz' : out;
}

export interface FuzzOptions {
  /** Trace length, ms (default 12 s). */
  durationMs?: number;
  /** Allow reset rows (default true). */
  resets?: boolean;
}

/** The CSV text of trace number `seed`. */
export function fuzzTrace(seed: number, opts: FuzzOptions = {}): string {
  const r = rng(seed);
  const durationMs = opts.durationMs ?? 12000;
  const walk = SENSORS.map(([, start]) => start);
  const levels = SWITCHES.map(() => 0);
  const lines = [`# source: fuzz seed ${seed}`, ['t_ms', ...SENSORS.map((s) => s[0]), ...SWITCHES, 'cmd'].join(',')];
  // Mostly a normal start, so the pump runs and the interlocks have something to stop.
  const script = ['start', 'flow 300'];
  for (let t = 0; t <= durationMs; t += 50 + Math.floor(r() * 350)) {
    const cells: string[] = [String(t)];
    SENSORS.forEach(([, , low, high], i) => {
      const x = r();
      if (x < 0.002) cells.push('open');
      else if (x < 0.004) cells.push('short');
      else {
        walk[i] += (r() - 0.5) * (high - low) * (x > 0.995 ? 0.5 : 0.01);
        walk[i] = Math.max(low, Math.min(high, walk[i]));
        cells.push(walk[i].toFixed(2));
      }
    });
    SWITCHES.forEach((name, i) => {
      const x = r();
      if (x < 0.004) levels[i] = 1 - levels[i];
      cells.push(x > 0.999 && name !== 'stall' ? 'open' : String(levels[i]));
    });
    let cmd = '';
    const c = r();
    if (t > 500 && script.length > 0 && c < 0.5) cmd = script.shift() as string;
    else if (c < 0.12) cmd = validCommand(r);
    else if (c < 0.16) cmd = garbage(r);
    else if (c < 0.165 && opts.resets !== false) cmd = `!reset ${RESET_CAUSES[Math.floor(r() * RESET_CAUSES.length)]}`;
    cells.push(cmd.includes(',') || cmd.includes('"') ? 'zz' : cmd);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** What the alarm table says an active alarm makes the outputs do (SENSOR_FAULT by channel). */
function demands(id: string, channel: unknown): { stop: boolean; heaterOff: boolean } {
  const def = ALARMS.find((a) => a.id === id);
  if (!def) return { stop: false, heaterOff: false };
  if (id === 'SENSOR_FAULT') {
    const bit = 1 << CHANNEL_NAMES.indexOf(String(channel));
    return { stop: (PUMP_SENSOR_CHANNELS & bit) !== 0, heaterOff: (HEATER_SENSOR_CHANNELS & bit) !== 0 };
  }
  return { stop: def.stopsPump, heaterOff: def.heaterOff };
}

/**
 * The invariants of a replay of a fuzz trace, as a list of violations (empty: all hold).
 * Judged on the state after every event of one instant, since an alarm and the stop it
 * causes are reported at the same time.
 */
export function checkInvariants(result: ReplayResult, commandsSent: number): string[] {
  const problems: string[] = [];
  if (result.crashed) problems.push('crash: ' + JSON.stringify(result.events.find((e) => e.ev === 'crash')));
  const errors = result.events.filter((e) => e.ev === 'error');
  if (errors.length > 0) problems.push('firmware halted: ' + JSON.stringify(errors[0]));
  const replies = result.events.filter((e) => e.ev === 'reply');
  if (replies.length !== commandsSent) problems.push(`${commandsSent} commands sent, ${replies.length} replies`);
  for (const e of replies) if (!/^(ok|err) /.test(String(e.text))) problems.push('reply neither ok nor err: ' + JSON.stringify(e));
  const active = new Map<string, { stop: boolean; heaterOff: boolean }>();
  let pumping = false;
  let heating = false;
  let state = 'BOOT';
  const judge = (t: number) => {
    for (const [key, d] of active) {
      if (d.stop && pumping) problems.push(`t=${t}: pump running while ${key} is active`);
      if (d.heaterOff && heating) problems.push(`t=${t}: heater on while ${key} is active`);
    }
    if (state === 'FAULT' && pumping) problems.push(`t=${t}: pump running in FAULT`);
  };
  const events: ReplayEvent[] = result.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.ev === 'alarm') {
      const key = e.id === 'SENSOR_FAULT' ? `SENSOR_FAULT ${String(e.channel)}` : String(e.id);
      if (e.active === true) active.set(key, demands(String(e.id), e.channel));
      else if (e.id === 'SENSOR_FAULT' && e.channel === undefined) for (const k of [...active.keys()]) { if (k.startsWith('SENSOR_FAULT')) active.delete(k); }
      else active.delete(key);
    } else if (e.ev === 'pump') pumping = (e.hz as number) > 0 && e.enabled === true;
    else if (e.ev === 'heater') heating = (e.duty as number) > 0;
    else if (e.ev === 'state') state = String(e.to);
    // RAM is gone: what the firmware raises again after boot is what counts.
    else if (e.ev === 'reset') active.clear();
    if (i + 1 === events.length || events[i + 1].t !== e.t) judge(e.t);
  }
  return problems.slice(0, 10);
}

/** How many command cells (not resets) a fuzz trace's text holds. */
export function commandCount(csv: string): number {
  let n = 0;
  for (const line of csv.split('\n').slice(2)) {
    const cmd = line.substring(line.lastIndexOf(',') + 1);
    if (cmd !== '' && !cmd.startsWith('!reset ')) n++;
  }
  return n;
}
