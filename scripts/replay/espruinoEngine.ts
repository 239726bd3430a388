// The replay engine that runs the flashed upload inside a real Espruino interpreter (a
// Linux build given by ESPRUINO_BIN). The upload writes `.bootcde` into the interpreter's
// own Storage exactly as on a board; `.boot0` holds scripts/espruino/board-shim.js, which
// replaces the hardware globals with a virtual board. The trace's stimuli go in a file the
// shim reads in chunks (the interpreter's REPL takes about 5 ms a line from a pipe, far
// too slow to stream a trace through), and the board's outputs come back on stdout.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BoardFile, timerOfPin } from '../board/board';
import { adcCode } from '../sim/espruinoSim';
import { ReplayOptions, ReplayResult, Stimuli, prepare } from './replay';
import { Trace, resetCause } from './trace';
import { readUpload } from '../build/upload';

const SHIM = path.resolve(__dirname, '..', 'sim', 'board-shim.js');
const STIMULI_FILE = 'stimuli.jsonl';

export interface EspruinoReplayResult extends ReplayResult {
  /**
   * Variables in use (process.memory().usage) right after boot, a tenth of the way through
   * the trace (-1 if no row got there), and at the end.
   */
  memory: { afterBoot: number; warm: number; atEnd: number };
}

export interface EspruinoOptions extends ReplayOptions {
  /** Path of the interpreter; default $ESPRUINO_BIN. */
  bin?: string;
  /** Longest a replay may take before the interpreter is stopped. */
  timeoutMs?: number;
  /** Run the bundle from emulated flash (memory as on a board) or RAM (speed); default ram. */
  runFrom?: RunFrom;
}

/** A quoted string of `bytes`, the non-printable ones escaped with `escape(hex)`. */
function byteString(bytes: Buffer, escape: (hex: string) => string): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte > 0x7e) out += escape(byte.toString(16).padStart(2, '0'));
    else out += String.fromCharCode(byte);
  }
  return out + '"';
}

/**
 * A JS string literal the interpreter reads back as the bytes of a Storage file: one char
 * per byte, as the simulated board keeps its files (a stored `.bootcde` may hold token
 * bytes 0x80-0xFF), written as \xHH.
 */
export function jsByteString(bytes: string): string {
  const at = /[^\x00-\xff]/.exec(bytes);
  if (at) throw new Error(`Storage content: char U+${at[0].charCodeAt(0).toString(16)} at ${at.index} is not a byte`);
  return byteString(Buffer.from(bytes, 'latin1'), (hex) => '\\x' + hex);
}

/** A JS string literal of source text: the interpreter reads back its UTF-8 bytes. */
function jsTextString(text: string): string {
  return byteString(Buffer.from(text, 'utf8'), (hex) => '\\x' + hex);
}

/** A JSON string whose \u00XX escapes give the interpreter the text's UTF-8 bytes. */
export function jsonByteString(text: string): string {
  return byteString(Buffer.from(text, 'utf8'), (hex) => '\\u00' + hex);
}

/** Keys of the external converter's inputs, in stimuli order: analog index pins.length + k. */
function externalKeys(stimuli: Stimuli): string[] {
  return stimuli.analog.filter((f) => f.external).map((f) => f.pin);
}

function adsDevices(board: BoardFile): { address: number; bus: string }[] {
  const out: { address: number; bus: string }[] = [];
  for (const spec of Object.values(board.channels)) {
    if (spec.frontEnd === 'ads1115' && !out.some((d) => d.address === spec.address)) out.push({ address: spec.address as number, bus: spec.bus as string });
  }
  return out;
}

/**
 * What one analog feed presents at row r, as the shim takes it: the ADC code of a pin, or
 * the microvolts on an external input (the Node engine rounds them the same way).
 */
function feedValue(stimuli: Stimuli, feed: Stimuli['analog'][number], r: number, bits: number): number {
  const v = stimuli.feedRatio(feed, r);
  return feed.external ? Math.round(v * 1e6) : adcCode(v, bits);
}

/** Index of each analog feed in the shim: its pin's index, or pins.length + its external index. */
function feedIndexes(board: BoardFile, stimuli: Stimuli): number[] {
  const keys = externalKeys(stimuli);
  return stimuli.analog.map((f) => (f.external ? board.board.pins.length + keys.indexOf(f.pin) : board.board.pins.indexOf(f.pin)));
}

export function bootShim(board: BoardFile, stimuli: Stimuli, tStart: number, tEnd: number, silentFromMs?: number): string {
  const pins = board.board.pins;
  const adc: Record<string, number> = {};
  for (const p of board.board.adcPins) adc[p] = 1;
  const pwm: Record<string, string> = {};
  for (const p of pins) {
    const timer = timerOfPin(board, p);
    if (timer) pwm[p] = timer;
  }
  const cfg = {
    pins, adc, pwm, timerPins: board.board.pwmTimers, clocks: board.board.timerClocksHz, serial: board.wiring.commandPort.serial,
    stimuli: STIMULI_FILE, tStart, tEnd,
    noisy: Object.fromEntries(stimuli.analog.filter((f) => !f.external && stimuli.noisy(f.pin)).map((f) => [f.pin, 1])),
    adsKeys: externalKeys(stimuli),
    adsDevices: adsDevices(board),
    i2cSilentFrom: silentFromMs ?? 1e15,
    registers: { [0x40023870]: board.board.lseCrystal ? (1 << 0) | (1 << 1) | (1 << 8) | (1 << 15) : 0, [0x40023874]: (1 << 27) | (1 << 26) },
    encoder: {
      pin: board.wiring.inputs.encoder.pin, step: board.wiring.stepper.step, enable: board.wiring.stepper.enable,
      enableActiveLow: board.wiring.stepper.enableActiveLow, pulsesPerStep: stimuli.encoderPulsesPerStep,
    },
    airTest: {
      test: board.wiring.airTest.pin, testLevel: board.wiring.airTest.activeHigh ? 1 : 0,
      bubble: board.wiring.inputs.bubble.pin, airLevel: board.wiring.inputs.bubble.activeHigh ? 1 : 0, bypass: stimuli.detectorBypassed,
    },
  };
  const codes: number[] = [];
  const indexes = feedIndexes(board, stimuli);
  stimuli.analog.forEach((feed, k) => codes.push(indexes[k], feedValue(stimuli, feed, 0, board.board.adcBits)));
  const levels: number[] = [];
  for (const d of stimuli.digital) levels.push(pins.indexOf(d.pin), stimuli.level(d, 0));
  return [
    `var $CFG = ${JSON.stringify(cfg)};`,
    fs.readFileSync(SHIM, 'utf8'),
    `var ${pins.map((p) => `${p} = $mk(${JSON.stringify(p)})`).join(', ')};`,
    `$init(${JSON.stringify(codes)}, ${JSON.stringify(levels)}, ${stimuli.stalled(0)});`,
  ].join('\n');
}

/**
 * Where the firmware runs from. 'flash': the board's own way, `.bootcde` executed from
 * Storage after a reset, so function code stays in flash and process.memory() counts what
 * a board would. 'ram': the same stored bytes copied to RAM and evaluated; the Linux
 * build emulates flash with file reads, which makes code in flash run about 11 times
 * slower than on a board, so timing and long replays use 'ram'.
 */
export type RunFrom = 'flash' | 'ram';

/** The setup program: the user's upload writes `.bootcde`; the shim and a boot follow. */
export function setupProgram(bootText: string, uploadText: string, runFrom: RunFrom, storage: Record<string, string> = {}, freeBytes?: number): string {
  const files = Object.entries(storage).map(([name, content]) => `require("Storage").write(${jsByteString(name)}, ${jsByteString(content)});\n`).join('');
  // A file of 32 header bytes and the rest, so exactly freeBytes stay free.
  const filler = freeBytes === undefined ? '' : `require("Storage").write("filler", "x", 0, require("Storage").getFree() - ${freeBytes} - 32);\n`;
  const withoutLoad = files + uploadText.replace(/\n\s*load\([^)]*\)\s*$/, '\n') + filler;
  if (runFrom === 'flash') return `require("Storage").write(".boot0", ${jsTextString(bootText)});\n${withoutLoad}\nload();\n`;
  return `${withoutLoad}\n${bootText}\neval(require("Storage").read(".bootcde") + "");\n`;
}

/** One line per trace row that changes anything the board can see. */
export function stimuliLines(trace: Trace, board: BoardFile, stimuli: Stimuli, onCmd: (text: string) => void): string {
  const tMs = trace.tMs;
  const pins = board.board.pins;
  const bits = board.board.adcBits;
  const lastCode = stimuli.analog.map((f) => feedValue(stimuli, f, 0, bits));
  const pinIndex = feedIndexes(board, stimuli);
  const digitalIndex = stimuli.digital.map((d) => pins.indexOf(d.pin));
  const cmds = trace.cmds;
  let cmdIndex = 0;
  const out: string[] = [];
  for (let r = 0; r < tMs.length; r++) {
    const analog: number[] = [];
    if (r > 0) {
      for (let k = 0; k < stimuli.analog.length; k++) {
        const code = feedValue(stimuli, stimuli.analog[k], r, bits);
        if (code !== lastCode[k]) {
          lastCode[k] = code;
          analog.push(pinIndex[k], code);
        }
      }
    }
    const digital: number[] = [];
    if (r > 0 && stimuli.digitalChanges(r)) stimuli.digital.forEach((d, k) => digital.push(digitalIndex[k], stimuli.level(d, r)));
    const stall = r > 0 && stimuli.stallChanges(r) ? `,${stimuli.stalled(r) ? 1 : 0}` : '';
    let cmd = 'null';
    if (cmdIndex < cmds.length && cmds[cmdIndex].tMs === tMs[r]) {
      const text = cmds[cmdIndex++].text;
      // A reset row goes to the shim as its `!reset <cause>` text, without a line end.
      if (resetCause(text) !== null) cmd = JSON.stringify(text);
      else {
        onCmd(text);
        cmd = jsonByteString(text + '\n');
      }
    }
    if (analog.length === 0 && digital.length === 0 && cmd === 'null' && stall === '') continue;
    out.push(`[${tMs[r]},[${analog.join(',')}],[${digital.join(',')}],${cmd}${stall}]`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

export async function replayInEspruino(trace: Trace, opts: EspruinoOptions = {}): Promise<EspruinoReplayResult> {
  const bin = opts.bin ?? process.env.ESPRUINO_BIN;
  if (!bin) throw new Error('the espruino engine needs ESPRUINO_BIN: the path of an Espruino interpreter built for Linux');
  const { board, upload, stimuli, observer } = prepare(trace, opts);
  const tEnd = trace.tMs[trace.tMs.length - 1];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'espruino-replay-'));
  // Byte for byte: an upload may hold raw token bytes 0x80-0xFF in its literals, as a board receives them.
  fs.writeFileSync(path.join(dir, 'setup.js'), setupProgram(bootShim(board, stimuli, trace.tMs[0], tEnd, opts.externalAdcSilentFromMs), readUpload(upload), opts.runFrom ?? 'ram', opts.storage, opts.storageFreeBytes), 'latin1');
  fs.writeFileSync(path.join(dir, STIMULI_FILE), stimuliLines(trace, board, stimuli, (text) => observer.commandSent(text)));
  const memory = { afterBoot: -1, warm: -1, atEnd: -1 };
  let lastT = 0;
  let reports = 0;
  let consoleText = '';
  let ended = false;
  const onLine = (line: string) => {
    const parts = line.split(' ');
    const t = Number(parts[1]);
    if (parts[0] === '@P') {
      lastT = t;
      observer.pinOutput({ name: parts[2], mode: parts[3], level: Number(parts[4]), pwmDuty: Number(parts[5]), pwmHz: Number(parts[6]) }, t);
    } else if (parts[0] === '@S') {
      lastT = t;
      observer.serialWrite(parts[2], JSON.parse(parts.slice(3).join(' ')), t);
    } else if (parts[0] === '@R') {
      observer.emit({ t, ev: 'reset', cause: parts[2] });
    } else if (parts[0] === '@X') {
      observer.crash(JSON.parse(parts.slice(2).join(' ')), t);
    } else if (parts[0] === '@M') {
      const usage = Number(parts[2]);
      if (reports === 0) memory.afterBoot = usage;
      else if (reports === 1 && t < tEnd) memory.warm = usage;
      memory.atEnd = usage;
      reports++;
    } else if (parts[0] === '@END') ended = true;
    else consoleText += line + '\n';
  };
  const timeoutMs = opts.timeoutMs ?? 600000;
  await new Promise<void>((resolve) => {
    const child = spawn(bin, ['setup.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let lingering: NodeJS.Timeout | null = null;
    const timer = setTimeout(() => {
      consoleText += `engine: no end within ${timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl < 0) break;
        onLine(buffer.substring(0, nl).replace(/\r$/, ''));
        buffer = buffer.substring(nl + 1);
        // With no timer left the interpreter exits by itself (and a profiler wrapping it
        // gets to write its totals); stop it only if it lingers.
        if (ended && !lingering) lingering = setTimeout(() => child.kill('SIGKILL'), 5000);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      consoleText += chunk.toString('latin1');
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (lingering) clearTimeout(lingering);
      resolve();
    });
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (!ended && !observer.crashed) observer.crash(`engine: the interpreter stopped before the end of the trace\n${consoleText.slice(-1500)}`, lastT);
  const result = observer.finish(ended ? tEnd : lastT, tEnd, consoleText);
  return { ...result, memory };
}
