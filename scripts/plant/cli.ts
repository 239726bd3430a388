// npx tsx scripts/plant/cli.ts [--profile ilp-leg] [--board pico] [--minutes 30] [--fault occlusion@600]...
//   [--cmd "600:flow 400"]... [--no-healthy] [--add "900:250"]... [--psys 80,10,600] [--unplug p_limb]...
//   [--step-ms 50] [--trace out.csv] [--record plant.csv] [--json]
// Runs the built firmware against the plant model of the perfusion circuit (closed loop)
// and prints a summary; --trace writes the run as a replayable trace, --record the plant's
// own record. Exit status: 0 ran to the end, 2 bad arguments, 1 the firmware crashed.

import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ClosedLoopOptions, ClosedLoopResult, healthyCommands, runClosedLoop, writeClosedLoopTrace } from './closedLoop';
import { Addition, PSysSpec } from './plant';
import { FaultSpec, describeFault, parseFault } from './plantFaults';
import { isProfileKind, plantParams } from './plantParams';
import { RECORD_COLUMNS } from './plantRecord';
import { TraceCommandAt } from './plantTrace';
import { ReplayEvent } from '../replay/replay';
import { CELL_OPEN } from '../replay/trace';

const USAGE = 'usage: npx tsx scripts/plant/cli.ts [--profile ilp-leg|ilp-arm|ili|rlp-equine] [--board pico] [--minutes 30] ' +
  '[--fault kind[:channel][=value]@start_s[-end_s]]... [--cmd "<s>:<command>"]... [--no-healthy] [--add "<s>:<mL>"]... ' +
  '[--psys mean[,amplitude[,period_s]]] [--unplug p_limb|p_sys]... [--step-ms 50] [--trace out.csv] [--record plant.csv] [--json]\n';

class UsageError extends Error {}

/** "<seconds>:<rest>" -> [ms, rest]. */
function timed(text: string, what: string): [number, string] {
  const m = /^([0-9.]+):(.+)$/.exec(text);
  if (!m) throw new UsageError(`${what} ${JSON.stringify(text)}: expected <seconds>:<${what === '--cmd' ? 'command' : 'mL'}>`);
  return [Math.round(Number(m[1]) * 1000), m[2]];
}

function parsePSys(text: string): PSysSpec {
  const parts = text.split(',').map(Number);
  if (parts.length > 3 || parts.some((v) => !Number.isFinite(v))) throw new UsageError(`--psys ${text}: expected mean[,amplitude[,period_s]]`);
  return { meanMmHg: parts[0], amplitudeMmHg: parts[1] ?? 0, periodMs: (parts[2] ?? 600) * 1000 };
}

function options(argv: string[]): { run: ClosedLoopOptions; trace?: string; record?: string; json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: 'ilp-leg' },
      board: { type: 'string', default: 'pico' },
      minutes: { type: 'string', default: '30' },
      fault: { type: 'string', multiple: true, default: [] },
      cmd: { type: 'string', multiple: true, default: [] },
      'no-healthy': { type: 'boolean', default: false },
      add: { type: 'string', multiple: true, default: [] },
      psys: { type: 'string' },
      unplug: { type: 'string', multiple: true, default: [] },
      'step-ms': { type: 'string', default: '50' },
      trace: { type: 'string' },
      record: { type: 'string' },
      json: { type: 'boolean', default: false },
      upload: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const kind = values.profile;
  if (!isProfileKind(kind)) throw new UsageError(`unknown profile ${kind}: ilp-leg, ilp-arm, ili or rlp-equine`);
  const durationMs = Math.round(Number(values.minutes) * 60000);
  if (!(durationMs > 0)) throw new UsageError(`--minutes ${values.minutes}: expected a positive number`);
  const stepMs = Number(values['step-ms']);
  if (!(stepMs > 0)) throw new UsageError(`--step-ms ${values['step-ms']}: expected a positive number`);
  let faults: FaultSpec[];
  try {
    faults = values.fault.map(parseFault);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const extra: TraceCommandAt[] = values.cmd.map((c) => {
    const [tMs, text] = timed(c, '--cmd');
    return { tMs, text };
  });
  const cmds = (values['no-healthy'] ? [] : healthyCommands(plantParams(kind), durationMs)).concat(extra).sort((a, b) => a.tMs - b.tMs);
  const additions: Addition[] = values.add.map((a) => {
    const [atMs, ml] = timed(a, '--add');
    const volumeMl = Number(ml);
    if (!Number.isFinite(volumeMl)) throw new UsageError(`--add ${a}: the volume is not a number`);
    return { atMs, volumeMl };
  });
  for (const u of values.unplug) if (u !== 'p_limb' && u !== 'p_sys') throw new UsageError(`--unplug ${u}: only p_limb or p_sys`);
  return {
    run: {
      board: values.board, profileKind: kind, durationMs, stepMs, cmds, faults, additions,
      pSys: values.psys !== undefined ? parsePSys(values.psys) : undefined,
      connected: { p_limb: !values.unplug.includes('p_limb'), p_sys: !values.unplug.includes('p_sys') },
      upload: values.upload,
    },
    trace: values.trace,
    record: values.record,
    json: values.json,
  };
}

function fmt(v: number, decimals: number): string {
  return v === CELL_OPEN ? 'open' : v.toFixed(decimals);
}

function minutesOrNever(tMs: number): string {
  return Number.isFinite(tMs) ? `${(tMs / 60000).toFixed(1)} min` : 'not reached';
}

/** The summary lines: run, alarms (with the delay from the latest fault before each), volumes, the plant at the end. */
export function summarize(r: ClosedLoopResult): string {
  const rec = r.record;
  const last = rec.length - 1;
  const col = (name: string) => rec.column(name)[last];
  const lines: string[] = [];
  const realTime = r.wallMs > 0 ? ` (${Math.round(r.durationMs / r.wallMs)}x real time)` : '';
  lines.push(`profile   ${r.profileKind} on ${r.board}, ${(r.durationMs / 60000).toFixed(1)} min closed loop, step ${r.stepMs} ms, ${(r.wallMs / 1000).toFixed(2)} s wall${realTime}`);
  lines.push(`commands  ${r.cmds.map((c) => `${c.text} @${c.tMs / 1000}s`).join(', ') || 'none'}`);
  lines.push(`faults    ${r.faults.map(describeFault).join(', ') || 'none'}`);
  lines.push(`state     ${r.summary.final_state}`);
  const raised = r.events.filter((e) => e.ev === 'alarm' && e.active === true);
  if (raised.length === 0) lines.push('alarms    none');
  for (const e of raised) {
    const before = r.faults.filter((f) => f.atMs <= e.t).sort((a, b) => b.atMs - a.atMs)[0];
    const after = before ? ` (+${((e.t - before.atMs) / 1000).toFixed(3)} s after ${describeFault(before)})` : '';
    lines.push(`alarm     ${e.id}${e.channel ? ' ' + e.channel : ''} (${e.priority}) at ${(e.t / 1000).toFixed(3)} s${after}`);
  }
  lines.push(`volume    firmware ${r.summary.volume.toFixed(1)} mL, plant pumped ${col('pumped_ml').toFixed(1)} mL`);
  lines.push(`plant     at the end: p_art ${fmt(col('p_art'), 1)} p_limb ${col('p_limb_mmhg').toFixed(1)} p_ven ${fmt(col('p_ven'), 1)} ` +
    `p_sys ${col('p_sys_mmhg').toFixed(1)} p_cuff ${fmt(col('p_cuff'), 0)} mmHg, level ${col('reservoir_ml').toFixed(1)} mL, ` +
    `t_art ${fmt(col('t_art'), 2)} t_prox ${fmt(col('t_prox'), 2)} t_dist ${fmt(col('t_dist'), 2)} t_water ${fmt(col('t_water'), 2)} degC`);
  const warm = (name: string) => rec.firstTime(name, (v) => v >= 38.5 && v !== CELL_OPEN);
  lines.push(`tissue    38.5 degC: t_prox ${minutesOrNever(warm('t_prox'))}, t_dist ${minutesOrNever(warm('t_dist'))}`);
  if (r.crashed) lines.push(`crash     ${String(r.events.find((e) => e.ev === 'crash')?.message)}`);
  return lines.join('\n') + '\n';
}

function writeRecord(file: string, r: ClosedLoopResult): void {
  const cols = RECORD_COLUMNS.map((name) => r.record.column(name));
  const out = [RECORD_COLUMNS.join(',')];
  for (let i = 0; i < r.record.length; i++) out.push(cols.map((c) => (c[i] === CELL_OPEN ? 'open' : String(Math.round(c[i] * 1e4) / 1e4))).join(','));
  fs.writeFileSync(file, out.join('\n') + '\n');
}

function main(): number {
  let opts;
  try {
    opts = options(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError)) throw e;
    if (e.message) process.stderr.write(`plant-run: ${e.message}\n`);
    process.stderr.write(USAGE);
    return e.message ? 2 : 0;
  }
  const out: string[] = [];
  const onEvent = opts.json ? (e: ReplayEvent) => void out.push(JSON.stringify(e) + '\n') : undefined;
  let result: ClosedLoopResult;
  try {
    result = runClosedLoop({ ...opts.run, onEvent });
  } catch (e) {
    process.stderr.write(`plant-run: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.json) process.stdout.write(out.join(''));
  else process.stdout.write(summarize(result));
  if (opts.trace) {
    writeClosedLoopTrace(opts.trace, result);
    if (!opts.json) process.stdout.write(`trace     ${opts.trace} (${result.record.length} rows)\n`);
  }
  if (opts.record) {
    writeRecord(opts.record, result);
    if (!opts.json) process.stdout.write(`record    ${opts.record} (${RECORD_COLUMNS.length} columns)\n`);
  }
  return result.crashed ? 1 : 0;
}

process.exitCode = main();
