// Replays a trace through the flashed firmware bundle on a simulated board (interface
// contract section 5): trace values become pin values through the board's front-end
// models, the firmware's lines on the command port become state/alarm/reply/telemetry
// events, and the pump and heater are observed on their pins.
//
// Two engines share the stimuli and the observer below: `replay` runs the bundle in
// Node (scripts/lib/espruinoSim.ts); `replayInEspruino` (espruinoEngine.ts) runs the
// same upload inside the real interpreter.

import fs from 'node:fs';
import path from 'node:path';
import { BoardFile, loadBoard } from '../board/board';
import { EspruinoSim, SimError } from '../sim/espruinoSim';
import { adsInputKey } from '../sim/ads1115Model';
import { PinModel, adsVoltsModel, pinModelOf } from './frontEnds';
import { CELL_OPEN, COLUMNS, Trace, TraceError, pinOfColumn, resetCause } from './trace';
import { readUpload } from '../build/upload';

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
  /** Files in the board's Storage before it boots (e.g. stored settings), name -> content. */
  storage?: Record<string, string>;
  /**
   * Fault injection: once the upload is stored, a file `filler` takes the flash so only this
   * many bytes stay free (a full flash: 0). Both engines, each on its own flash.
   */
  storageFreeBytes?: number;
  /** Fault injection: Storage files lost between the upload and the boot (a torn upload). Node engine only. */
  dropFiles?: string[];
  /** Fault injection: from this trace time on, the external ADC no longer answers on I2C. */
  externalAdcSilentFromMs?: number;
  /** Fault injection: at this trace time the firmware hangs (stuck in a loop) until the watchdog resets the board. */
  hangAtMs?: number;
  /** Fault injection on the simulated board before it boots (Node engine only), e.g. sim.at(t, () => sim.raiseErrorFlags(['MEMORY'])). */
  inject?: (sim: EspruinoSim) => void;
}

export const DIST_DIR = path.resolve(__dirname, '..', '..', 'dist');

export function uploadPath(board: string): string {
  return path.join(DIST_DIR, board, 'upload.js');
}

export const SWITCH_INPUTS: Record<string, 'estop' | 'bubble' | 'lid' | 'drv_fault'> = {
  estop: 'estop', bubble: 'bubble', lid: 'lid', drv_fault: 'drv_fault',
};

/**
 * Level on a switch input's pin for a 0/1 value (1 = the hazard), through its polarity;
 * CELL_OPEN (the wire broken) leaves the pin to its pull resistor.
 */
export function inputPinLevel(value: number, activeHigh: boolean, pullUp = false): number {
  if (value === CELL_OPEN) return pullUp ? 1 : 0;
  return (value >= 0.5 ? 1 : 0) ^ (activeHigh ? 0 : 1);
}

/** A sensor channel as the board presents it: where its value appears and through which front end. */
export interface ChannelFeedSpec {
  channel: string;
  /** An ADC pin, or an external converter's input (adsInputKey), whose values are volts. */
  pin: string;
  external: boolean;
  model: PinModel;
}

/** Every sensor channel of the board: the on-chip ADC channels first, then the external converter's. */
export function channelFeeds(board: BoardFile): ChannelFeedSpec[] {
  const feeds: ChannelFeedSpec[] = [];
  for (const [name, spec] of Object.entries(board.channels)) {
    if (spec.pin) feeds.push({ channel: name, pin: spec.pin, external: false, model: pinModelOf(name, spec) });
  }
  for (const [name, spec] of Object.entries(board.channels)) {
    if (spec.frontEnd !== 'ads1115') continue;
    feeds.push({
      channel: name, pin: adsInputKey(spec.address as number, spec.mux as string), external: true,
      model: adsVoltsModel(name, spec, board.wiring.i2c?.vddVolts ?? 3.3),
    });
  }
  return feeds;
}

/** STEP frequency on the pin: the PWM frequency while it pulses, else 0. */
export function stepHzOn(step: ObservedPin): number {
  return step.mode === 'pwm' && step.pwmDuty > 0 ? step.pwmHz : 0;
}

/** Whether the driver's enable pin is driven to "enabled". */
export function driverEnabledBy(board: BoardFile, enable: ObservedPin): boolean {
  return enable.mode === 'output' && enable.level === (board.wiring.stepper.enableActiveLow ? 0 : 1);
}

/** Heater duty (0..1) the heater pin commands: PWM duty, or a level; a floating pin is off (pull-down). */
export function heaterDutyOn(board: BoardFile, p: ObservedPin): number {
  const activeHigh = board.wiring.heater.activeHigh;
  if (p.mode === 'pwm') return activeHigh ? p.pwmDuty : 1 - p.pwmDuty;
  return p.level === (activeHigh ? 1 : 0) ? 1 : 0;
}

/** Encoder pulses per STEP pulse, from the board's drive train. */
export function encoderPulsesPerStep(board: BoardFile): number {
  const st = board.wiring.stepper;
  return board.wiring.inputs.encoder.pulsesPerRev / (st.motorStepsPerRev * st.microsteps * st.gearRatio);
}

/**
 * Encoder frequency for the drive on the pins: the STEP frequency scaled to head
 * revolutions, while the driver is enabled and the head is not blocked.
 */
export function encoderHzFor(board: BoardFile, step: ObservedPin, enable: ObservedPin, stalled: boolean): number {
  if (stalled || !driverEnabledBy(board, enable)) return 0;
  return stepHzOn(step) * encoderPulsesPerStep(board);
}

/** Puts the upload on the simulated board and boots it from Storage at `startMs`, as a flashed board does. */
export function bootUpload(s: EspruinoSim, upload: string, startMs: number, storage?: Record<string, string>, dropFiles: string[] = [], freeBytes?: number): void {
  for (const [name, content] of Object.entries(storage ?? {})) s.storage.set(name, content);
  s.runUpload(readUpload(upload), path.basename(upload));
  if (freeBytes !== undefined) s.storage.set('filler', 'x'.repeat(s.board.board.storageBytes - s.storageUsedBytes() - freeBytes - 32));
  for (const name of dropFiles) s.storage.delete(name);
  s.nowMs = startMs;
  s.boot();
}

/** Checks what only the board can tell: pin columns must name pins the board has. */
export function checkTraceAgainstBoard(trace: Trace, board: BoardFile): void {
  trace.columns.forEach((name) => {
    const pin = pinOfColumn(name);
    if (pin && !board.board.pins.includes(pin)) {
      const col = trace.headerText.indexOf(name) + 1;
      throw new TraceError(trace.file, trace.headerLine, col > 0 ? col : 1, `${name}: ${pin} is not a pin of board ${board.name}`);
    }
  });
}

export interface AnalogFeed {
  /** An ADC pin, or an external converter's input (adsInputKey), whose values are volts. */
  pin: string;
  external: boolean;
  data: Float64Array | null;
  constant: number;
  model: PinModel | null;
  override: Float64Array | null;
  lastValue: number;
  lastRatio: number;
}

export interface DigitalFeed {
  pin: string;
  data: Float64Array | null;
  constant: number;
  invert: boolean;
  /** The level an open wire reads: the board's pull resistor on the input. */
  pullUp: boolean;
}

/** What the trace presents on the board's pins, row by row. */
export class Stimuli {
  /** A `pin:` column drives the air detector's output: no detector model behind it. */
  detectorBypassed = false;
  readonly analog: AnalogFeed[] = [];
  readonly digital: DigitalFeed[] = [];
  /** The `stall` column: 1 = the pump head is blocked, the encoder gives no pulses. */
  readonly stall: Float64Array | null;
  /** Encoder pulses per STEP pulse, from the board's drive train. */
  readonly encoderPulsesPerStep: number;
  private readonly feedByPin = new Map<string, AnalogFeed>();

  constructor(
    readonly trace: Trace,
    readonly board: BoardFile,
  ) {
    this.stall = trace.values.stall ?? null;
    this.encoderPulsesPerStep = encoderPulsesPerStep(board);
    // Analog pins: a trace column (or its nominal value) through the channel's front end;
    // a pin:<NAME> column overrides whatever is wired to that pin. Channels on the external
    // converter present volts on its inputs; an absent optional column (p_limb, p_sys) is a
    // transducer not plugged in: its input reads as an open lead.
    for (const f of channelFeeds(board)) {
      const nominal = COLUMNS[f.channel].nominal;
      this.addFeed({
        pin: f.pin, external: f.external, data: trace.values[f.channel] ?? null, constant: nominal === null ? CELL_OPEN : nominal,
        model: f.model, override: null, lastValue: NaN, lastRatio: 0,
      });
    }
    for (const name of trace.columns) {
      const pin = pinOfColumn(name);
      if (!pin || !board.board.adcPins.includes(pin)) continue;
      const feed = this.feedByPin.get(pin) ?? this.addFeed({ pin, external: false, data: null, constant: 0, model: null, override: null, lastValue: NaN, lastRatio: 0 });
      feed.override = trace.values[name];
    }
    // A raw `pin:` column on the air detector's output replaces the detector: its test
    // input then changes nothing (a detector stuck at one level).
    this.detectorBypassed = trace.columns.indexOf('pin:' + board.wiring.inputs.bubble.pin) >= 0;
    // Digital inputs: switch columns through the wiring's polarity, and digital pin columns.
    for (const [column, input] of Object.entries(SWITCH_INPUTS)) {
      const w = board.wiring.inputs[input];
      this.digital.push({ pin: w.pin, data: trace.values[column] ?? null, constant: 0, invert: !w.activeHigh, pullUp: w.pull === 'up' });
    }
    for (const name of trace.columns) {
      const pin = pinOfColumn(name);
      if (!pin || board.board.adcPins.includes(pin)) continue;
      const existing = this.digital.find((d) => d.pin === pin);
      if (existing) {
        existing.data = trace.values[name];
        existing.invert = false;
      } else this.digital.push({ pin, data: trace.values[name], constant: 0, invert: false, pullUp: false });
    }
  }

  private addFeed(feed: AnalogFeed): AnalogFeed {
    this.analog.push(feed);
    this.feedByPin.set(feed.pin, feed);
    return feed;
  }

  /** What the trace presents on an analog pin (or an external converter's input); undefined for nothing. */
  feed(pin: string): AnalogFeed | undefined {
    return this.feedByPin.get(pin);
  }

  /** A channel's front end adds the converter's noise; a raw `pin:` value is presented exactly. */
  noisy(pin: string): boolean {
    const feed = this.feedByPin.get(pin);
    return feed !== undefined && feed.override === null;
  }

  /** Ratio of the supply a feed presents at row r (volts on an external converter's input). */
  feedRatio(feed: AnalogFeed, r: number): number {
    if (feed.override) return feed.override[r];
    const v = feed.data ? feed.data[r] : feed.constant;
    if (v !== feed.lastValue) {
      feed.lastValue = v;
      feed.lastRatio = (feed.model as PinModel)(v);
    }
    return feed.lastRatio;
  }

  level(d: DigitalFeed, r: number): number {
    const v = d.data ? d.data[r] : d.constant;
    return inputPinLevel(v, !d.invert, d.pullUp);
  }

  /** Whether any digital input changes at row r (r > 0). */
  digitalChanges(r: number): boolean {
    for (let k = 0; k < this.digital.length; k++) {
      const data = this.digital[k].data;
      if (data && data[r] !== data[r - 1]) return true;
    }
    return false;
  }

  stalled(r: number): boolean {
    return this.stall !== null && this.stall[r] >= 0.5;
  }

  stallChanges(r: number): boolean {
    return this.stall !== null && this.stall[r] !== this.stall[r - 1];
  }

  /**
   * Encoder frequency for the drive on the pins: the STEP frequency scaled to head
   * revolutions, while the driver is enabled and the head is not blocked.
   */
  encoderHz(step: ObservedPin, enable: ObservedPin, stalled: boolean): number {
    return encoderHzFor(this.board, step, enable, stalled);
  }
}

/** The pin state the observer needs, from either engine. */
export interface ObservedPin {
  name: string;
  mode: string;
  level: number;
  pwmDuty: number;
  pwmHz: number;
}

/** Turns pin outputs and command-port lines into contract events. */
export class Observer {
  readonly events: ReplayEvent[] = [];
  readonly alarmCounts: Record<string, number> = {};
  finalState = 'BOOT';
  volume = 0;
  crashed = false;
  private readonly pending: string[] = [];
  private serialBuffer = '';
  private pumpHz = -1;
  private pumpEnabled: boolean | null = null;
  private heaterDuty = -1;
  private buzzerOn: boolean | null = null;
  private readonly step: ObservedPin;
  private readonly enable: ObservedPin;

  constructor(
    private readonly board: BoardFile,
    private readonly keep: boolean,
    private readonly onEvent: ((e: ReplayEvent) => void) | undefined,
  ) {
    const blank = (name: string) => ({ name, mode: 'unset', level: 0, pwmDuty: 0, pwmHz: 0 });
    this.step = blank(board.wiring.stepper.step);
    this.enable = blank(board.wiring.stepper.enable);
  }

  emit(e: ReplayEvent): void {
    if (this.keep) this.events.push(e);
    if (this.onEvent) this.onEvent(e);
  }

  pinOutput(p: ObservedPin, t: number): void {
    const w = this.board.wiring;
    if (p.name === w.stepper.step || p.name === w.stepper.enable) {
      Object.assign(p.name === w.stepper.step ? this.step : this.enable, p);
      const hz = Math.round(stepHzOn(this.step) * 1000) / 1000;
      const enabled = driverEnabledBy(this.board, this.enable);
      if (hz !== this.pumpHz || enabled !== this.pumpEnabled) {
        this.pumpHz = hz;
        this.pumpEnabled = enabled;
        this.emit({ t, ev: 'pump', hz, enabled });
      }
    } else if (p.name === w.buzzer.pin) {
      // The sounder: a tone (PWM) or a driven level is sound; anything else is quiet.
      const on = p.mode === 'pwm' ? p.pwmDuty > 0 : p.mode === 'output' && p.level === 1;
      if (on !== this.buzzerOn) {
        this.buzzerOn = on;
        this.emit({ t, ev: 'buzzer', on });
      }
    } else if (p.name === w.heater.pin) {
      const duty = Math.round(heaterDutyOn(this.board, p) * 10000) / 10000;
      if (duty !== this.heaterDuty) {
        this.heaterDuty = duty;
        this.emit({ t, ev: 'heater', duty });
      }
    }
  }

  commandSent(text: string): void {
    this.pending.push(text);
  }

  serialWrite(device: string, text: string, t: number): void {
    if (device !== this.board.wiring.commandPort.serial) return;
    this.serialBuffer += text;
    for (;;) {
      const nl = this.serialBuffer.indexOf('\n');
      if (nl < 0) break;
      this.line(this.serialBuffer.substring(0, nl).replace(/\r$/, ''), t);
      this.serialBuffer = this.serialBuffer.substring(nl + 1);
    }
  }

  private line(line: string, t: number): void {
    if (line.startsWith('!')) {
      const space = line.indexOf(' ');
      const kind = line.substring(1, space < 0 ? line.length : space);
      let fields: Record<string, unknown>;
      try {
        fields = space < 0 ? {} : JSON.parse(line.substring(space + 1));
      } catch {
        this.emit({ t, ev: 'line', text: line });
        return;
      }
      if (kind === 'state') this.finalState = String(fields.to);
      if (kind === 'alarm' && fields.active === true) this.alarmCounts[String(fields.id)] = (this.alarmCounts[String(fields.id)] ?? 0) + 1;
      if (kind === 'telemetry' && typeof fields.volume === 'number') this.volume = fields.volume;
      this.emit({ t, ev: kind, ...fields });
    } else if (line.startsWith('ok ') || line === 'ok' || line.startsWith('err ')) {
      const cmd = this.pending.length > 0 ? (this.pending.shift() as string) : '';
      this.emit({ t, ev: 'reply', cmd, text: line });
    } else if (line.length > 0) this.emit({ t, ev: 'line', text: line });
  }

  crash(message: string, t: number): void {
    this.crashed = true;
    this.emit({ t, ev: 'crash', message });
  }

  finish(tNow: number, tEnd: number, consoleText: string): ReplayResult {
    const summary: ReplaySummary = {
      t: tNow, ev: 'summary', t_end: tEnd, volume: this.volume, alarms: this.alarmCounts, final_state: this.finalState,
    };
    this.emit(summary as unknown as ReplayEvent);
    return { events: this.events, summary, crashed: this.crashed, console: consoleText };
  }
}

export function prepare(trace: Trace, opts: ReplayOptions): { board: BoardFile; upload: string; stimuli: Stimuli; observer: Observer } {
  const board = loadBoard(opts.board ?? trace.meta.board ?? 'pico');
  checkTraceAgainstBoard(trace, board);
  const upload = opts.upload ?? uploadPath(board.name);
  if (!fs.existsSync(upload)) throw new Error(`${upload} not found: run \`npm run build\` first`);
  const stimuli = new Stimuli(trace, board);
  const observer = new Observer(board, opts.keepEvents !== false, opts.onEvent);
  return { board, upload, stimuli, observer };
}

/** Replays a trace through the bundle in Node, on the simulated board. */
export function replay(trace: Trace, opts: ReplayOptions = {}): ReplayResult {
  const { board, upload, stimuli, observer } = prepare(trace, opts);
  const tMs = trace.tMs;
  const rowCount = tMs.length;
  let row = 0;
  let sim: EspruinoSim | null = null;
  const analogSource = (pin: string): number => {
    const s = sim as EspruinoSim;
    const feed = stimuli.feed(pin);
    if (feed === undefined) return s.pins[pin] ? s.pins[pin].analog : 0;
    const now = s.nowMs;
    while (row + 1 < rowCount && tMs[row + 1] <= now) row++;
    return stimuli.feedRatio(feed, row);
  };
  const silentFrom = opts.externalAdcSilentFromMs ?? Infinity;
  const w = board.wiring;
  let stalled = stimuli.stalled(0);
  const updateEncoder = () => s.setPulseTrain(w.inputs.encoder.pin, stimuli.encoderHz(s.pins[w.stepper.step], s.pins[w.stepper.enable], stalled));
  const s = new EspruinoSim(board, {
    onPinOutput: (p) => {
      observer.pinOutput(p, s.nowMs);
      if (p.name === w.stepper.step || p.name === w.stepper.enable) updateEncoder();
    },
    onSerialWrite: (device, text) => observer.serialWrite(device, text, s.nowMs),
    analogSource,
    adcNoise: (pin) => stimuli.noisy(pin),
    externalVolts: analogSource,
    i2cResponds: () => (sim as EspruinoSim).nowMs < silentFrom,
    onReset: (cause) => observer.emit({ t: (sim as EspruinoSim).nowMs, ev: 'reset', cause }),
  });
  s.detectorBypassed = stimuli.detectorBypassed;
  if (opts.hangAtMs !== undefined) s.hangAt(opts.hangAtMs);
  if (opts.inject) opts.inject(s);
  sim = s;
  // Input levels of the first row are there from power-on.
  for (const d of stimuli.digital) s.pins[d.pin].level = stimuli.level(d, 0);
  const tEnd = tMs[rowCount - 1];
  const cmds = trace.cmds;
  try {
    bootUpload(s, upload, tMs[0], opts.storage, opts.dropFiles, opts.storageFreeBytes);
    // Only rows where something edge-like happens need a stop: a digital level changes or
    // a command is sent. Analog values are read from the row in force when sampled.
    let cmdIndex = 0;
    for (let r = 0; r < rowCount; r++) {
      const t = tMs[r];
      const hasCmd = cmdIndex < cmds.length && cmds[cmdIndex].tMs === t;
      const changed = r > 0 && stimuli.digitalChanges(r);
      const stallChanged = r > 0 && stimuli.stallChanges(r);
      if (!changed && !hasCmd && !stallChanged) continue;
      s.runUntil(t, false);
      row = r;
      if (changed) for (const d of stimuli.digital) s.setInputLevel(d.pin, stimuli.level(d, r));
      if (stallChanged) {
        stalled = stimuli.stalled(r);
        updateEncoder();
      }
      if (hasCmd) {
        const text = cmds[cmdIndex++].text;
        const cause = resetCause(text);
        if (cause !== null) s.reset(cause);
        else {
          observer.commandSent(text);
          s.receive(board.wiring.commandPort.serial, text + '\n');
        }
      }
    }
    s.runUntil(tEnd, true);
  } catch (e) {
    const message = e instanceof Error ? (e instanceof SimError ? e.message : `${e.name}: ${e.message}`) : String(e);
    observer.crash(message, s.nowMs);
  }
  return observer.finish(s.nowMs, tEnd, s.consoleText);
}
