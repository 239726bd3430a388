// Shared helpers for tests that drive the built bundle.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadBoard } from '../scripts/board/board';
import { ReplayEvent, ReplayResult, replay, uploadPath } from '../scripts/replay/replay';
import { parseTrace } from '../scripts/replay/trace';

export const ROOT = path.resolve(__dirname, '..');
export const TRACES = path.join(ROOT, 'test', 'traces');

export function requireBuild(board = 'pico'): void {
  if (!fs.existsSync(uploadPath(board))) throw new Error(`${uploadPath(board)} missing: run \`npm run build\` first (npm test does)`);
}

export function replayText(csv: string, board = 'pico', name = 'inline.csv'): ReplayResult {
  requireBuild(board);
  return replay(parseTrace(name, csv), { board });
}

export function replayFile(file: string, board = 'pico'): ReplayResult {
  requireBuild(board);
  return replay(parseTrace(file, fs.readFileSync(file, 'utf8')), { board });
}

export function of(events: ReplayEvent[], ev: string): ReplayEvent[] {
  return events.filter((e) => e.ev === ev);
}

/** First time at or after `fromMs` when the pump is seen stopped (hz 0 or driver disabled). */
export function pumpStoppedAt(events: ReplayEvent[], fromMs: number): number {
  let running = false;
  for (const e of events) {
    if (e.ev !== 'pump') continue;
    const isRunning = (e.hz as number) > 0 && e.enabled === true;
    if (e.t >= fromMs && !isRunning) return e.t;
    running = isRunning;
  }
  return running ? Infinity : fromMs;
}

/** Whether the pump is running (hz > 0 and enabled) at time t, from the pump events. */
export function pumpRunningAt(events: ReplayEvent[], t: number): boolean {
  let running = false;
  for (const e of events) {
    if (e.ev !== 'pump' || e.t > t) continue;
    running = (e.hz as number) > 0 && e.enabled === true;
  }
  return running;
}

export function runCli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A trace with only t_ms and cmd columns: every sensor holds its nominal value. */
export function cmdTrace(rows: [number, string][]): string {
  const quote = (s: string) => (/[",]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  return ['t_ms,cmd', ...rows.map(([t, c]) => `${t},${quote(c)}`)].join('\n') + '\n';
}

/** Like runCli, but keeps this process's event loop running (for in-process fakes). */
export function runCliAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/**
 * Alarm events of high and medium priority. A board with no stored calibration also
 * reports the low-priority CALIBRATION_DEFAULT at boot; the interlock tests look past it.
 */
export function hazardAlarms(events: ReplayEvent[]): ReplayEvent[] {
  return events.filter((e) => e.ev === 'alarm' && e.priority !== 'low');
}

/** The summary's alarm counts without the low-priority reminders. */
export function hazardCounts(summary: { alarms: Record<string, number> }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, n] of Object.entries(summary.alarms)) if (id !== 'CALIBRATION_DEFAULT') out[id] = n;
  return out;
}

/**
 * Time from a control tick to its outputs on a board: the tick first converts each
 * ADS1115 channel in turn, 2 ms apart (firmware/hal/externalAdc.ts).
 */
export function externalSampleMs(board = 'pico'): number {
  return 2 * Object.values(loadBoard(board).channels).filter((c) => c.frontEnd === 'ads1115').length;
}
