// Replays a trace through the flashed firmware bundle on the simulated board (interface
// contract section 5): trace values become pin values through the board's front-end
// models, the firmware's lines on the command port become state/alarm/reply/telemetry
// events, and the pump and heater are observed on their pins.

import fs from 'node:fs';
import path from 'node:path';
import { BoardFile, loadBoard } from './board';
import { EspruinoSim, PinState, SimError } from './espruinoSim';
import { PinModel, pinModelOf } from './frontEnds';
import { CELL_OPEN, COLUMNS, Trace, TraceError, pinOfColumn } from './trace';

export interface ReplayEvent {
  t: number;
  ev: string;
  [field: string]: unknown;
}

export interface ReplaySummary {
  t: number;
  ev: 'summary';
  t_end: number;
  volume: number;
  alarms: Record<string, number>;
  final_state: string;
}

export interface ReplayResult {
  events: ReplayEvent[];
  summary: ReplaySummary;
  crashed: boolean;
  console: string;
}

export interface ReplayOptions {
  board?: string;
  /** The upload file the CLI produced (default dist/<board>/upload.js). */
  upload?: string;
  /** Called for each event as it happens (streaming output). */
  onEvent?: (e: ReplayEvent) => void;
  /** Keep every event in the result (default true). */
  keepEvents?: boolean;
}

export const DIST_DIR = path.resolve(__dirname, '..', '..', 'dist');

export function uploadPath(board: string): string {
  return path.join(DIST_DIR, board, 'upload.js');
}

const SWITCH_INPUTS: Record<string, 'estop' | 'bubble' | 'lid' | 'drv_fault'> = {
  estop: 'estop', bubble: 'bubble', lid: 'lid', drv_fault: 'drv_fault',
};

/** Checks what only the board can tell: pin columns must name pins the board has. */
export function checkTraceAgainstBoard(trace: Trace, board: BoardFile): void {
  const headerText = fs.existsSync(trace.file) ? fs.readFileSync(trace.file, 'utf8').split('\n')[trace.headerLine - 1] : '';
  trace.columns.forEach((name) => {
    const pin = pinOfColumn(name);
    if (pin && !board.board.pins.includes(pin)) {
      const col = headerText.indexOf(name) + 1;
      throw new TraceError(trace.file, trace.headerLine, col > 0 ? col : 1, `${name}: ${pin} is not a pin of board ${board.name}`);
    }
  });
}

interface AnalogFeed {
  data: Float64Array | null;
  constant: number;
  model: PinModel | null;
  override: Float64Array | null;
  lastValue: number;
  lastRatio: number;
}

export function replay(trace: Trace, opts: ReplayOptions = {}): ReplayResult {
  const board = loadBoard(opts.board ?? trace.meta.board ?? 'pico');
  checkTraceAgainstBoard(trace, board);
  const upload = opts.upload ?? uploadPath(board.name);
  if (!fs.existsSync(upload)) throw new Error(`${upload} not found: run \`npm run build\` first`);
  const keep = opts.keepEvents !== false;
  const events: ReplayEvent[] = [];
  const alarmCounts: Record<string, number> = {};
  let finalState = 'BOOT';
  let volume = 0;
  let crashed = false;
  const emit = (e: ReplayEvent) => {
    if (keep) events.push(e);
    if (opts.onEvent) opts.onEvent(e);
  };

  const tMs = trace.tMs;
  const rowCount = tMs.length;
  let row = 0;
  let sim: EspruinoSim;
  const rowNow = () => {
    const now = sim.nowMs;
    while (row + 1 < rowCount && tMs[row + 1] <= now) row++;
    return row;
  };

  // Analog pins: a trace column (or its nominal value) through the channel's front end;
  // a pin:<NAME> column overrides whatever is wired to that pin.
  const feeds: Record<string, AnalogFeed> = {};
  for (const [name, spec] of Object.entries(board.channels)) {
    if (!spec.pin) continue;
    const data = trace.values[name] ?? null;
    const nominal = COLUMNS[name].nominal;
    feeds[spec.pin] = {
      data, constant: nominal === null ? CELL_OPEN : nominal, model: pinModelOf(name, spec),
      override: null, lastValue: NaN, lastRatio: 0,
    };
  }
  for (const name of trace.columns) {
    const pin = pinOfColumn(name);
    if (!pin || !board.board.adcPins.includes(pin)) continue;
    const feed = feeds[pin] ?? { data: null, constant: 0, model: null, override: null, lastValue: NaN, lastRatio: 0 };
    feed.override = trace.values[name];
    feeds[pin] = feed;
  }
  const analogSource = (pin: string): number => {
    const feed = feeds[pin];
    if (!feed) return sim.pins[pin].analog;
    const r = rowNow();
    if (feed.override) return feed.override[r];
    const v = feed.data ? feed.data[r] : feed.constant;
    if (v !== feed.lastValue) {
      feed.lastValue = v;
      feed.lastRatio = (feed.model as PinModel)(v);
    }
    return feed.lastRatio;
  };

  // Digital inputs: switch columns through the wiring's polarity, and digital pin columns.
  const digital: { pin: string; data: Float64Array | null; constant: number; invert: boolean }[] = [];
  for (const [column, input] of Object.entries(SWITCH_INPUTS)) {
    const w = board.wiring.inputs[input];
    digital.push({ pin: w.pin, data: trace.values[column] ?? null, constant: 0, invert: !w.activeHigh });
  }
  for (const name of trace.columns) {
    const pin = pinOfColumn(name);
    if (!pin || board.board.adcPins.includes(pin)) continue;
    const existing = digital.find((d) => d.pin === pin);
    if (existing) {
      existing.data = trace.values[name];
      existing.invert = false;
    } else digital.push({ pin, data: trace.values[name], constant: 0, invert: false });
  }
  const levelAt = (d: (typeof digital)[number], r: number) => {
    const v = d.data ? d.data[r] : d.constant;
    return (v >= 0.5 ? 1 : 0) ^ (d.invert ? 1 : 0);
  };

  // Observed outputs.
  const w = board.wiring;
  let pumpHz = -1;
  let pumpEnabled: boolean | null = null;
  let heaterDuty = -1;
  const onPinOutput = (p: PinState) => {
    if (p.name === w.stepper.step || p.name === w.stepper.enable) {
      const step = sim.pins[w.stepper.step];
      const en = sim.pins[w.stepper.enable];
      const hz = step.mode === 'pwm' && step.pwmDuty > 0 ? Math.round(step.pwmHz * 1000) / 1000 : 0;
      const enabled = en.mode === 'output' && en.level === (w.stepper.enableActiveLow ? 0 : 1);
      if (hz !== pumpHz || enabled !== pumpEnabled) {
        pumpHz = hz;
        pumpEnabled = enabled;
        emit({ t: sim.nowMs, ev: 'pump', hz, enabled });
      }
    } else if (p.name === w.heater.pin) {
      const activeHigh = w.heater.activeHigh;
      let duty: number;
      if (p.mode === 'pwm') duty = activeHigh ? p.pwmDuty : 1 - p.pwmDuty;
      else duty = p.level === (activeHigh ? 1 : 0) ? 1 : 0;
      duty = Math.round(duty * 10000) / 10000;
      if (duty !== heaterDuty) {
        heaterDuty = duty;
        emit({ t: sim.nowMs, ev: 'heater', duty });
      }
    }
  };

  // Lines from the firmware on the command port.
  const pendingCmds: string[] = [];
  let serialBuffer = '';
  const onLine = (line: string) => {
    const t = sim.nowMs;
    if (line.startsWith('!')) {
      const space = line.indexOf(' ');
      const kind = line.substring(1, space < 0 ? line.length : space);
      let fields: Record<string, unknown> = {};
      try {
        fields = space < 0 ? {} : JSON.parse(line.substring(space + 1));
      } catch {
        emit({ t, ev: 'line', text: line });
        return;
      }
      if (kind === 'state') finalState = String(fields.to);
      if (kind === 'alarm' && fields.active === true) alarmCounts[String(fields.id)] = (alarmCounts[String(fields.id)] ?? 0) + 1;
      if (kind === 'telemetry' && typeof fields.volume === 'number') volume = fields.volume;
      emit({ t, ev: kind, ...fields });
    } else if (line.startsWith('ok ') || line === 'ok' || line.startsWith('err ')) {
      const cmd = pendingCmds.length > 0 ? (pendingCmds.shift() as string) : '';
      emit({ t, ev: 'reply', cmd, text: line });
    } else if (line.length > 0) emit({ t, ev: 'line', text: line });
  };
  const onSerialWrite = (device: string, text: string) => {
    if (device !== w.commandPort.serial) return;
    serialBuffer += text;
    for (;;) {
      const nl = serialBuffer.indexOf('\n');
      if (nl < 0) break;
      onLine(serialBuffer.substring(0, nl).replace(/\r$/, ''));
      serialBuffer = serialBuffer.substring(nl + 1);
    }
  };

  sim = new EspruinoSim(board, { onPinOutput, onSerialWrite, analogSource });
  const crash = (e: unknown) => {
    crashed = true;
    const message = e instanceof Error ? (e instanceof SimError ? e.message : `${e.name}: ${e.message}`) : String(e);
    emit({ t: sim.nowMs, ev: 'crash', message });
  };

  // Input levels of the first row are there from power-on.
  for (const d of digital) sim.pins[d.pin].level = levelAt(d, 0);
  const tEnd = tMs[rowCount - 1];
  try {
    sim.runUpload(fs.readFileSync(upload, 'utf8'), path.basename(upload));
    sim.nowMs = tMs[0];
    sim.boot();
    // Rows where something edge-like happens: a digital level changes or a command is sent.
    let cmdIndex = 0;
    const cmds = trace.cmds;
    for (let r = 0; r < rowCount; r++) {
      const t = tMs[r];
      const hasCmd = cmdIndex < cmds.length && cmds[cmdIndex].tMs === t;
      let changed = false;
      if (r > 0) {
        for (let k = 0; k < digital.length; k++) {
          const d = digital[k];
          if (d.data && d.data[r] !== d.data[r - 1]) changed = true;
        }
      }
      if (!changed && !hasCmd) continue;
      sim.runUntil(t, false);
      row = r;
      if (changed) for (const d of digital) sim.setInputLevel(d.pin, levelAt(d, r));
      if (hasCmd) {
        const text = cmds[cmdIndex++].text;
        pendingCmds.push(text);
        sim.receive(w.commandPort.serial, text + '\n');
      }
    }
    sim.runUntil(tEnd, true);
  } catch (e) {
    crash(e);
  }
  const summary: ReplaySummary = {
    t: sim.nowMs, ev: 'summary', t_end: tEnd, volume, alarms: alarmCounts, final_state: finalState,
  };
  emit(summary as unknown as ReplayEvent);
  return { events, summary, crashed, console: sim.consoleText };
}
