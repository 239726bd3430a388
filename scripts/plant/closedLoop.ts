// Closed-loop runs: the flashed upload boots on the simulated board exactly as in a trace
// replay (replay.ts), and a plant model of the circuit (plant.ts) runs in lockstep with
// it. At every plant step the firmware's outputs are read from the pins (STEP pulses,
// driver enable, heater duty, integrated since the last step), the plant advances, and
// its sensor values reach the pins through the board's front-end models, the same ones
// trace replay uses; switch inputs and the encoder's pulse train likewise. The events are
// the replay's (same Observer), and the run can be written as a trace that replays to
// the same events.

import fs from 'node:fs';
import { BoardFile, loadBoard } from '../board/board';
import { DriveMeter } from './driveMeter';
import { EspruinoSim, SimError } from '../sim/espruinoSim';
import { Addition, PLANT_SENSORS, PLANT_SWITCHES, PSysSpec, Plant } from './plant';
import { FaultSpec } from './plantFaults';
import { PlantParams, ProfileKind, plantParams } from './plantParams';
import { PlantRecord } from './plantRecord';
import { TraceCommandAt, recordToTrace, writeRecordTrace } from './plantTrace';
import { PinModel } from '../replay/frontEnds';
import {
  Observer, ReplayEvent, ReplayResult, SWITCH_INPUTS, bootUpload, channelFeeds, encoderHzFor, inputPinLevel, uploadPath,
} from '../replay/replay';

export interface ClosedLoopOptions {
  board?: string;
  profileKind?: ProfileKind;
  durationMs: number;
  /** Operator commands, at strictly increasing times (a trace row holds one); default healthyCommands. */
  cmds?: TraceCommandAt[];
  faults?: FaultSpec[];
  additions?: Addition[];
  pSys?: PSysSpec;
  /** Optional transducers plugged in (default both). */
  connected?: { p_limb?: boolean; p_sys?: boolean };
  /** Parameter overrides for the profile kind's plant. */
  params?: Partial<PlantParams>;
  /** Plant step, ms (default 50); fault, addition and command times are steps' ends too. */
  stepMs?: number;
  upload?: string;
  storage?: Record<string, string>;
  keepEvents?: boolean;
  onEvent?: (e: ReplayEvent) => void;
}

export interface ClosedLoopResult extends ReplayResult {
  record: PlantRecord;
  params: PlantParams;
  board: string;
  profileKind: ProfileKind;
  cmds: TraceCommandAt[];
  faults: FaultSpec[];
  connected: { p_limb: boolean; p_sys: boolean };
  durationMs: number;
  stepMs: number;
  /** Wall-clock time the run took, ms. */
  wallMs: number;
}

export const DEFAULT_STEP_MS = 50;

/**
 * A healthy session for a plant (interface contract section 3's order): the profile, the
 * tubing in the head, zero (the circuit at rest is near 0 mmHg), the perfusate
 * temperature, then prime for a minute and start at the profile's own flow. The equine
 * infusion has no circuit to prime and its line already sees the limb's trapped venous
 * pressure (zeroing it would offset every reading): it starts at once; the firmware
 * stops it after the profile's 60 mL (12 mL/min for 5 minutes), then it dwells.
 */
export function healthyCommands(p: PlantParams, durationMs = Infinity): TraceCommandAt[] {
  const cmds: TraceCommandAt[] = [
    { tMs: 1000, text: `protocol ${p.kind}` },
    { tMs: 1100, text: `tubing ${p.tubing}` },
  ];
  if (p.kind === 'rlp-equine') {
    // Not heated; the firmware stops the pump itself once the profile's volume is in.
    cmds.push({ tMs: 2000, text: 'start' });
  } else {
    cmds.push({ tMs: 1200, text: 'zero' }, { tMs: 1300, text: `temp ${p.tempSetC}` }, { tMs: 2000, text: 'prime' }, { tMs: 62000, text: 'start' });
  }
  return cmds.filter((c) => c.tMs <= durationMs);
}

/** One sensor channel as the board sees it: the plant's value through the channel's front end. */
interface Feed {
  sensor: number;
  model: PinModel;
  value: number;
  lastValue: number;
  lastRatio: number;
}

/** Every time the runner must stop at: the step grid, commands and the scenario's events. */
function eventTimes(cmds: TraceCommandAt[], plant: Plant, durationMs: number): number[] {
  const times = cmds.map((c) => c.tMs).concat(plant.eventTimes()).filter((t) => t > 0 && t < durationMs);
  return Array.from(new Set(times)).sort((a, b) => a - b);
}

function checkCommands(cmds: TraceCommandAt[], durationMs: number): void {
  for (let i = 0; i < cmds.length; i++) {
    const t = cmds[i].tMs;
    if (!(t >= 0) || t > durationMs) throw new Error(`command ${JSON.stringify(cmds[i].text)} at ${t} ms is outside the run (0..${durationMs} ms)`);
    if (i > 0 && !(t > cmds[i - 1].tMs)) throw new Error(`command times must increase strictly (${t} ms after ${cmds[i - 1].tMs} ms)`);
    if (/[\r\n]/.test(cmds[i].text)) throw new Error('a command is one line');
  }
}

export function stepsPerHeadRev(board: BoardFile): number {
  const st = board.wiring.stepper;
  return st.motorStepsPerRev * st.microsteps * st.gearRatio;
}

/** Runs the built upload against the plant for durationMs of virtual time. */
export function runClosedLoop(opts: ClosedLoopOptions): ClosedLoopResult {
  const wallStart = Date.now();
  const board = loadBoard(opts.board ?? 'pico');
  const kind = opts.profileKind ?? 'ilp-leg';
  const params = plantParams(kind, opts.params);
  const durationMs = opts.durationMs;
  if (!(durationMs > 0)) throw new Error('durationMs must be > 0');
  const stepMs = opts.stepMs ?? DEFAULT_STEP_MS;
  if (!(stepMs > 0)) throw new Error('stepMs must be > 0');
  const cmds = opts.cmds ?? healthyCommands(params, durationMs);
  checkCommands(cmds, durationMs);
  const upload = opts.upload ?? uploadPath(board.name);
  if (!fs.existsSync(upload)) throw new Error(`${upload} not found: run \`npm run build\` first`);
  const faults = opts.faults ?? [];
  const plant = new Plant(params, { faults, additions: opts.additions, pSys: opts.pSys, connected: opts.connected }, stepsPerHeadRev(board));
  const connected = { p_limb: plant.isConnected('p_limb'), p_sys: plant.isConnected('p_sys') };
  const events = eventTimes(cmds, plant, durationMs);
  const record = new PlantRecord(durationMs / stepMs + events.length + 2);
  const observer = new Observer(board, opts.keepEvents !== false, opts.onEvent);

  // The board's sensor channels, fed from the plant's values (indexes into PLANT_SENSORS).
  const feedByPin: Record<string, Feed> = {};
  for (const f of channelFeeds(board)) {
    const sensor = (PLANT_SENSORS as readonly string[]).indexOf(f.channel);
    if (sensor < 0) throw new Error(`board ${board.name}: channel ${f.channel} has no plant model`);
    feedByPin[f.pin] = { sensor, model: f.model, value: NaN, lastValue: NaN, lastRatio: 0 };
  }
  const feeds = Object.values(feedByPin);
  let sim: EspruinoSim | null = null;
  const analogSource = (pin: string): number => {
    const feed = feedByPin[pin];
    if (!feed) return (sim as EspruinoSim).pins[pin].analog;
    if (feed.value !== feed.lastValue) {
      feed.lastValue = feed.value;
      feed.lastRatio = feed.model(feed.value);
    }
    return feed.lastRatio;
  };
  const w = board.wiring;
  const switches = Object.entries(SWITCH_INPUTS).map(([column, input]) => ({
    index: (PLANT_SWITCHES as readonly string[]).indexOf(column), pin: w.inputs[input].pin, activeHigh: w.inputs[input].activeHigh,
  }));
  const stallIndex = (PLANT_SWITCHES as readonly string[]).indexOf('stall');
  let stalled = false;
  let meter: DriveMeter | null = null;
  const s = new EspruinoSim(board, {
    onPinOutput: (p) => {
      observer.pinOutput(p, s.nowMs);
      if (meter && meter.follows(p.name)) meter.pinsChanged(s.nowMs);
      if (p.name === w.stepper.step || p.name === w.stepper.enable) updateEncoder();
    },
    onSerialWrite: (device, text) => observer.serialWrite(device, text, s.nowMs),
    analogSource,
    adcNoise: (pin) => pin in feedByPin,
    externalVolts: analogSource,
    onReset: (cause) => observer.emit({ t: s.nowMs, ev: 'reset', cause }),
  });
  sim = s;
  const updateEncoder = () => s.setPulseTrain(w.inputs.encoder.pin, encoderHzFor(board, s.pins[w.stepper.step], s.pins[w.stepper.enable], stalled));
  meter = new DriveMeter(board, s.pins, 0);

  /** The plant's present values onto the board's inputs: analog at once (read lazily), switches and the encoder as edges. */
  const present = (beforeBoot: boolean) => {
    const shown = record.push(plant);
    for (const feed of feeds) feed.value = shown.sensors[feed.sensor];
    for (const sw of switches) {
      const level = inputPinLevel(shown.switches[sw.index], sw.activeHigh);
      if (beforeBoot) s.pins[sw.pin].level = level;
      else s.setInputLevel(sw.pin, level);
    }
    const nowStalled = shown.switches[stallIndex] >= 0.5;
    if (nowStalled !== stalled) {
      stalled = nowStalled;
      if (!beforeBoot) updateEncoder();
    }
  };
  let cmdIndex = 0;
  const sendCommands = (tMs: number) => {
    while (cmdIndex < cmds.length && cmds[cmdIndex].tMs === tMs) {
      const text = cmds[cmdIndex++].text;
      observer.commandSent(text);
      s.receive(w.commandPort.serial, text + '\n');
    }
  };

  try {
    // Input levels of the first step are there from power-on, as in a replay's first row.
    present(true);
    bootUpload(s, upload, 0, opts.storage);
    s.runUntil(0, false);
    sendCommands(0);
    let tPrev = 0;
    let grid = 1;
    let next = 0;
    while (tPrev < durationMs) {
      let t = grid * stepMs < durationMs ? grid * stepMs : durationMs;
      if (next < events.length && events[next] <= t) t = events[next];
      if (t === grid * stepMs) grid++;
      while (next < events.length && events[next] <= t) next++;
      s.runUntil(t, false);
      plant.advance(t - tPrev, meter.take(t));
      present(false);
      sendCommands(t);
      tPrev = t;
    }
    s.runUntil(durationMs, true);
  } catch (e) {
    const message = e instanceof Error ? (e instanceof SimError ? e.message : `${e.name}: ${e.message}`) : String(e);
    observer.crash(message, s.nowMs);
  }
  const result = observer.finish(s.nowMs, durationMs, s.consoleText);
  return {
    ...result, record, params, board: board.name, profileKind: kind, cmds, faults, connected, durationMs, stepMs, wallMs: Date.now() - wallStart,
  };
}

function traceHeader(r: ClosedLoopResult) {
  const faults = r.faults.map((f) => `${f.kind}${f.channel ? ':' + f.channel : ''}@${f.atMs / 1000}s`).join(' ');
  return {
    protocol: r.profileKind, board: r.board, connected: r.connected,
    note: `closed-loop plant run (${r.profileKind}, step ${r.stepMs} ms)${faults ? ', faults: ' + faults : ''}`,
  };
}

/** The commands the run reached (all of them, unless the firmware crashed first). */
function sentCommands(r: ClosedLoopResult): TraceCommandAt[] {
  const lastMs = r.record.column('t_ms')[r.record.length - 1];
  return r.cmds.filter((c) => c.tMs <= lastMs);
}

/** The run as a trace (interface contract section 1) that replays to the same events. */
export function closedLoopTrace(r: ClosedLoopResult): string {
  return recordToTrace(r.record, sentCommands(r), traceHeader(r));
}

export function writeClosedLoopTrace(file: string, r: ClosedLoopResult): void {
  writeRecordTrace(file, r.record, sentCommands(r), traceHeader(r));
}
