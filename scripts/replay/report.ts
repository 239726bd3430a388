// Human-readable results of a replay: a short summary for the terminal and a Markdown
// report with the timeline of states, alarms and replies and the range of each signal.

import fs from 'node:fs';
import { ReplayEvent, ReplayResult } from './replay';
import { Trace } from './trace';

const SIGNALS = ['p_art', 'p_ven', 'p_cuff', 't_art', 't_prox', 't_dist', 't_water', 'level', 'flow', 'volume'];

interface Range {
  min: number;
  max: number;
  nulls: number;
}

function telemetryRanges(events: ReplayEvent[]): { count: number; ranges: Record<string, Range> } {
  const ranges: Record<string, Range> = {};
  let count = 0;
  for (const e of events) {
    if (e.ev !== 'telemetry') continue;
    count++;
    for (const s of SIGNALS) {
      const v = e[s];
      const r = (ranges[s] ??= { min: Infinity, max: -Infinity, nulls: 0 });
      if (typeof v === 'number') {
        if (v < r.min) r.min = v;
        if (v > r.max) r.max = v;
      } else r.nulls++;
    }
  }
  return { count, ranges };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3) + ' s';
}

function alarmText(summary: ReplayResult['summary']): string {
  const ids = Object.keys(summary.alarms);
  return ids.length === 0 ? 'none' : ids.map((id) => `${id} x${summary.alarms[id]}`).join(', ');
}

export function formatSummary(trace: Trace, result: ReplayResult): string {
  const s = result.summary;
  const replies = result.events.filter((e) => e.ev === 'reply');
  const errs = replies.filter((e) => String(e.text).startsWith('err'));
  const lines = [
    `trace     ${trace.file} (${trace.meta.source ?? 'source not stated'}${trace.meta.protocol ? ', ' + trace.meta.protocol : ''})`,
    `duration  ${seconds(s.t_end)} (${trace.tMs.length} rows)`,
    `state     ${s.final_state}`,
    `volume    ${s.volume.toFixed(1)} mL`,
    `alarms    ${alarmText(s)}`,
    `replies   ${replies.length - errs.length} ok, ${errs.length} err`,
  ];
  for (const e of errs) lines.push(`          ${seconds(e.t)}  ${e.cmd} -> ${e.text}`);
  for (const e of result.events) if (e.ev === 'crash') lines.push(`CRASH     ${seconds(e.t)}  ${e.message}`);
  lines.push(`summary   ${JSON.stringify({ t_end: s.t_end, volume: s.volume, alarms: s.alarms, final_state: s.final_state })}`);
  return lines.join('\n') + '\n';
}

export function writeReport(file: string, trace: Trace, result: ReplayResult, board: string): void {
  const s = result.summary;
  const md: string[] = [];
  md.push(`# Replay report: ${trace.file}`, '');
  md.push(`| | |`, `|---|---|`);
  md.push(`| replayed on board | ${board} |`);
  for (const [k, v] of Object.entries(trace.meta)) md.push(`| ${k} (trace metadata) | ${v} |`);
  md.push(`| duration | ${seconds(s.t_end)}, ${trace.tMs.length} rows |`);
  md.push(`| final state | ${s.final_state} |`);
  md.push(`| volume | ${s.volume.toFixed(1)} mL |`);
  md.push(`| alarms raised | ${alarmText(s)} |`);
  md.push(`| crashed | ${result.crashed ? 'yes' : 'no'} |`, '');
  const { count, ranges } = telemetryRanges(result.events);
  md.push(`## Measured by the firmware (${count} telemetry samples)`, '');
  md.push('| signal | min | max | samples without a value |', '|---|---|---|---|');
  for (const sig of SIGNALS) {
    const r = ranges[sig];
    if (!r) continue;
    const fmt = (v: number) => (Number.isFinite(v) ? String(v) : '-');
    md.push(`| ${sig} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.nulls} |`);
  }
  md.push('', '## Timeline', '', '| t (s) | event | detail |', '|---|---|---|');
  for (const e of result.events) {
    if (e.ev === 'telemetry' || e.ev === 'summary') continue;
    const { t, ev, ...rest } = e;
    md.push(`| ${(t / 1000).toFixed(3)} | ${ev} | ${JSON.stringify(rest).replace(/\|/g, '\\|')} |`);
  }
  md.push('');
  fs.writeFileSync(file, md.join('\n'));
}
