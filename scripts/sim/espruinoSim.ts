// A simulated Espruino board for running the firmware bundle in Node, on a virtual clock
// that jumps from event to event instead of sleeping.
//
// Only what the firmware uses is modelled, and modelled no more forgivingly than the
// board: a call to anything else throws, a pin without PWM refuses analogWrite, a second
// watch on the same pin number is refused (STM32 has one interrupt line per number),
// PWM channels on one timer share its frequency, and the ADC quantises like the chip's.

import vm from 'node:vm';
import { Ads1115Model } from './ads1115Model';
import { SimError, adcCode, adcNoiseCodes, quantiseAdc } from './simAdc';

export { SimError, adcCode, adcNoiseCodes, quantiseAdc };
import { BoardFile, pinNumber, timerOfPin } from '../board/board';
import { detokenise, hasTokenBytes } from '../build/pretokenised';

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** E.CRC32: the standard (zlib) CRC-32 of a string's bytes, as the interpreter computes it. */
export function crc32(text: string): number {
  let crc = -1;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Built-ins of the interpreter that the vm context also has (the ones it lacks are deleted). */
const REALM_BUILTINS = [
  'Math', 'String', 'Number', 'Boolean', 'Object', 'Array', 'JSON', 'Date', 'Error', 'TypeError', 'Function',
  'parseFloat', 'parseInt', 'isNaN', 'isFinite', 'NaN', 'Infinity',
  'Float64Array', 'Float32Array', 'Int32Array', 'Int16Array', 'Int8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array', 'ArrayBuffer', 'DataView',
];

export interface TimerSetting {
  hz: number;
  /** Auto-reload value: the PWM period is arr + 1 timer counts (after the prescaler). */
  arr: number;
}

/**
 * How Espruino programs an STM32 timer for `analogWrite(pin, v, {freq})`: whole clock
 * ticks, a 16-bit prescaler and auto-reload, so the output is always slightly below the
 * request. Without a frequency the timer runs its full 16-bit period.
 */
export function timerSetting(requestedHz: number | undefined, timerClockHz: number): TimerSetting {
  if (requestedHz === undefined) return { hz: timerClockHz / 65536, arr: 0xffff };
  const ticks = Math.floor(timerClockHz / requestedHz) >>> 0;
  const psc = ticks >>> 16;
  const arr = Math.floor(ticks / (psc + 1)) & 0xffff;
  return { hz: timerClockHz / ((psc + 1) * (arr + 1)), arr };
}

/** PWM duty the compare register really gives: floor(value * arr) / (arr + 1). */
export function pwmDuty(value: number, arr: number): number {
  return Math.floor(value * arr) / (arr + 1);
}

export interface PinState {
  name: string;
  /** 'input' | 'output' | 'pwm' | 'unset' */
  mode: string;
  /** Level driven by digitalWrite (outputs) or presented by the harness (inputs). */
  level: number;
  pwmDuty: number;
  pwmHz: number;
  /** Analog ratio presented on an input by the harness. */
  analog: number;
}

interface SimTimer {
  id: number;
  fn: () => void;
  periodMs: number;
  dueMs: number;
  repeat: boolean;
  seq: number;
  /** Internal timers (debounced watches) are invisible to the firmware. */
  internal: boolean;
}

interface SimWatch {
  id: number;
  fn: (e: { state: boolean; time: number; lastTime: number }) => void;
  pin: string;
  edge: string;
  debounceMs: number;
  repeat: boolean;
  lastReported: number;
  lastTimeS: number;
}

export interface SimHooks {
  /** A pin's output state changed (digitalWrite, analogWrite, pinMode). */
  onPinOutput(pin: PinState): void;
  /** Bytes written to a serial device by the firmware. */
  onSerialWrite(device: string, text: string): void;
  /** The ratio presented on an ADC pin right now. */
  analogSource(pin: string): number;
  /** Whether the converter's noise applies on this pin (not for raw `pin:` values). */
  adcNoise?(pin: string): boolean;
  /** Volts on an external converter's input (key from adsInputKey); 0 where nothing drives it. */
  externalVolts?(key: string): number;
  /** Whether the I2C device at `address` answers now (fault injection); default yes. */
  i2cResponds?(address: number): boolean;
  /** The board reset itself (the watchdog expired) and is about to boot again. */
  onReset?(cause: string): void;
}

/** RCC_CSR (reset flags): power-on and pin reset at power-up; IWDG after a watchdog reset; RMVF clears. */
export const RCC_CSR = 0x40023874;
const RCC_CSR_POWER_ON = (1 << 27) | (1 << 26);
const RCC_CSR_IWDGRSTF = 1 << 29;
const RCC_CSR_BORRSTF = 1 << 25;
const RCC_CSR_PINRSTF = 1 << 26;
const RCC_CSR_PORRSTF = 1 << 27;

/** The resets a trace row can cause (`!reset <cause>` in the cmd column), with the flags RCC_CSR then holds. */
export const RESET_FLAGS: Record<string, number> = {
  // Supply gone and back: power-on reset (STM32F4 RM0368: POR sets PORRSTF and BORRSTF; NRST follows).
  power: RCC_CSR_PORRSTF | RCC_CSR_BORRSTF | RCC_CSR_PINRSTF,
  // Supply dipped below the brown-out threshold, the backup domain (RTC) kept.
  brownout: RCC_CSR_BORRSTF | RCC_CSR_PINRSTF,
  // The independent watchdog expired (an internal reset drives NRST too).
  watchdog: RCC_CSR_IWDGRSTF | RCC_CSR_PINRSTF,
  // The reset button (NRST).
  pin: RCC_CSR_PINRSTF,
};
const RCC_CSR_RMVF = 1 << 24;

/** Throws on any property the simulation does not model. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (prop in obj) return (obj as Record<string | symbol, unknown>)[prop];
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return undefined;
      throw new SimError(`${name}.${String(prop)} is not modelled by the simulated board`);
    },
  });
}

/** A Storage file's header in flash (src/jsflash.c JsfFileHeader: size and a 28-byte name). */
const STORAGE_HEADER_BYTES = 32;

export class EspruinoSim {
  nowMs = 0;
  readonly pins: Record<string, PinState> = {};
  readonly storage = new Map<string, string>();
  bootFile: string | null = null;
  consoleText = '';
  watchdog: { timeoutMs: number; lastKickMs: number } | null = null;
  /** RCC_CSR's reset flags as the firmware reads them. */
  resetFlags = RCC_CSR_POWER_ON;
  /** The firmware is stuck (fault injection): none of its timers, watches or serial handlers run. */
  hung = false;
  resets = 0;
  /**
   * Virtual time at which getTime() read 0. A power loss resets the RTC: Espruino then sets
   * it up again from 0 (targets/stm32/jshardware.c resets the backup domain when the RTC
   * is not running); every other reset leaves it counting.
   */
  clockZeroMs = 0;
  private errorFlagHandler: ((flags: unknown) => void) | null = null;
  private uncaughtHandler: ((e: unknown) => void) | null = null;
  private timers: SimTimer[] = [];
  private watches: SimWatch[] = [];
  private nextId = 1;
  private seq = 0;
  private serialHandlers: Record<string, ((data: string) => void) | null> = {};
  private trains: Record<string, { hz: number; timer: SimTimer | null; lastToggleMs: number }> = {};
  private readonly pinObjects = new Map<unknown, PinState>();
  private globals: Record<string, unknown>;
  private readonly context: vm.Context;

  constructor(
    readonly board: BoardFile,
    private readonly hooks: SimHooks,
  ) {
    for (const name of board.board.pins) {
      this.pins[name] = { name, mode: 'unset', level: 0, pwmDuty: 0, pwmHz: 0, analog: 0 };
    }
    this.context = vm.createContext({});
    // The interpreter lacks these: the simulation must not offer them either.
    vm.runInContext(
      'delete globalThis.Map; delete globalThis.Set; delete globalThis.WeakMap; delete globalThis.WeakSet;' +
        'delete globalThis.Symbol; delete globalThis.Proxy; delete globalThis.Reflect; delete globalThis.BigInt;' +
        'delete Array.from; delete Array.of; delete Object.freeze; delete Number.isInteger; delete Number.isFinite;' +
        'delete Number.isNaN; delete Math.trunc; delete Math.hypot; delete Math.log10; delete Math.log2; delete Math.cbrt;' +
        'delete Number.prototype.toPrecision; delete Array.prototype.lastIndexOf; delete Array.prototype.reduceRight;' +
        'delete Array.prototype.flat;',
      this.context,
    );
    this.globals = this.freshGlobals();
  }

  private freshGlobals(): Record<string, unknown> {
    const g = this.makeGlobals();
    // The language's own objects are handed to the bundle as parameters too: every lookup
    // of a global inside a vm context goes through V8's interceptor, a measured 5-10x
    // slowdown of the firmware's hot paths (Math, String in formatting).
    for (const name of REALM_BUILTINS) g[name] = vm.runInContext(name, this.context);
    return g;
  }

  /** Runs `fn` at `atMs` of virtual time, outside the firmware (fault injection). */
  at(atMs: number, fn: () => void): void {
    this.timers.push({ id: this.nextId++, fn, periodMs: 0, dueMs: atMs, repeat: false, seq: this.seq++, internal: true });
  }

  /** The firmware's repeating timers are lost (fault injection): its one-shot timeouts still run. */
  dropIntervals(): void {
    this.timers = this.timers.filter((t) => t.internal || !t.repeat);
  }

  /** From `atMs` on the firmware is stuck in a loop: nothing of it runs until the watchdog resets the board. */
  hangAt(atMs: number): void {
    this.at(atMs, () => {
      this.hung = true;
    });
  }

  /**
   * What the IWDG does when it expires: a hardware reset. Output pins float (the board's
   * pull resistors decide: the driver disabled, the heater off); timers, watches and
   * handlers are gone; Storage and the inputs stay; RCC_CSR says IWDG; the saved code boots.
   */
  private watchdogReset(): void {
    this.reset('watchdog');
  }

  /**
   * A reset of the board (RESET_FLAGS): RAM is lost (timers, watches, handlers), outputs
   * float, Storage and the inputs stay, RCC_CSR says why; after a power loss the clock
   * starts again from 0. Then the saved code boots.
   */
  reset(cause: string): void {
    const flags = RESET_FLAGS[cause];
    if (flags === undefined) throw new SimError(`reset: unknown cause ${cause}`);
    this.resets++;
    this.resetFlags |= flags;
    if (cause === 'power') this.clockZeroMs = this.nowMs;
    this.timers = [];
    this.watches = [];
    this.trains = {};
    this.serialHandlers = {};
    this.watchdog = null;
    this.hung = false;
    this.errorFlagHandler = null;
    this.uncaughtHandler = null;
    if (this.hooks.onReset) this.hooks.onReset(cause);
    for (const name of Object.keys(this.pins)) {
      const p = this.pins[name];
      if (p.mode === 'output' || p.mode === 'pwm' || p.mode === 'opendrain') {
        p.mode = 'unset';
        p.level = 0;
        p.pwmDuty = 0;
        p.pwmHz = 0;
        this.hooks.onPinOutput(p);
      } else if (p.mode !== 'input' && p.mode !== 'input_pullup' && p.mode !== 'input_pulldown') p.mode = 'unset';
    }
    this.globals = this.freshGlobals();
    this.boot();
  }

  private pin(p: unknown, what: string): PinState {
    const state = this.pinObjects.get(p) ?? (typeof p === 'string' ? this.pins[p] : undefined);
    if (!state) throw new SimError(`${what}: ${String(p)} is not a pin of ${this.board.info.name}`);
    return state;
  }

  private setMode(state: PinState, mode: string): void {
    state.mode = mode;
  }

  private makePinObject(name: string): object {
    const pinObj = strict(name, { toString: () => name });
    this.pinObjects.set(pinObj, this.pins[name]);
    return pinObj;
  }

  private makeSerial(device: string): object {
    const serial = {
      setup: (baud: number, opts?: { tx?: unknown; rx?: unknown }) => {
        if (typeof baud !== 'number' || baud <= 0) throw new SimError(`${device}.setup: bad baud rate ${baud}`);
        if (opts && opts.tx !== undefined) this.setMode(this.pin(opts.tx, `${device}.setup tx`), 'af_output');
        if (opts && opts.rx !== undefined) this.setMode(this.pin(opts.rx, `${device}.setup rx`), 'af_input');
      },
      on: (event: string, fn: (data: string) => void) => {
        if (event !== 'data') throw new SimError(`${device}.on('${event}') is not modelled`);
        this.serialHandlers[device] = fn;
      },
      write: (data: unknown) => this.hooks.onSerialWrite(device, String(data)),
      print: (data: unknown) => this.hooks.onSerialWrite(device, String(data)),
      println: (data: unknown) => this.hooks.onSerialWrite(device, String(data) + '\r\n'),
      setConsole: (force?: boolean) => {
        if (force !== undefined && typeof force !== 'boolean') throw new SimError(`${device}.setConsole: force must be boolean`);
      },
    };
    return strict(device, serial);
  }

  /**
   * An I2C bus with the board's ADS1115 converters on it. As on the board, a device that
   * does not answer makes writeTo/readFrom throw "I2C device not responding".
   */
  private makeI2C(bus: string): object {
    const devices: Record<number, Ads1115Model> = {};
    for (const spec of Object.values(this.board.channels)) {
      if (spec.frontEnd !== 'ads1115' || spec.bus !== bus || devices[spec.address as number]) continue;
      devices[spec.address as number] = new Ads1115Model(spec.address as number, {
        nowMs: () => this.nowMs,
        volts: (key) => (this.hooks.externalVolts ? this.hooks.externalVolts(key) : 0),
        noisy: true,
      });
    }
    let ready = false;
    const device = (address: unknown, what: string): Ads1115Model => {
      if (!ready) throw new SimError(`${bus}.${what}: the bus is not set up`);
      if (typeof address !== 'number') throw new SimError(`${bus}.${what}: address must be a number`);
      const found = devices[address];
      if (!found || (this.hooks.i2cResponds && !this.hooks.i2cResponds(address))) throw new Error('I2C device not responding');
      return found;
    };
    const bytes = (data: unknown[]): number[] => {
      const out: number[] = [];
      for (const d of data) {
        if (typeof d === 'number') out.push(d & 255);
        else if (Array.isArray(d) || d instanceof Uint8Array) for (const b of d as number[]) out.push(b & 255);
        else throw new SimError(`${bus}.writeTo: data ${String(d)} is not modelled`);
      }
      return out;
    };
    return strict(bus, {
      setup: (opts: { scl?: unknown; sda?: unknown; bitrate?: number }) => {
        if (!opts || opts.scl === undefined || opts.sda === undefined) throw new SimError(`${bus}.setup: scl and sda are required`);
        this.setMode(this.pin(opts.scl, `${bus}.setup scl`), 'af_opendrain');
        this.setMode(this.pin(opts.sda, `${bus}.setup sda`), 'af_opendrain');
        if (opts.bitrate !== undefined && !(opts.bitrate > 0 && opts.bitrate <= 400000)) throw new SimError(`${bus}.setup: bitrate ${opts.bitrate} outside 1..400000`);
        ready = true;
      },
      writeTo: (address: unknown, ...data: unknown[]) => device(address, 'writeTo').write(bytes(data)),
      readFrom: (address: unknown, count: number) => new Uint8Array(device(address, 'readFrom').read(count)),
    });
  }

  /** Bytes Storage's files take: a header each and contents padded to 4 bytes (src/jsflash.c). */
  storageUsedBytes(): number {
    let used = 0;
    for (const text of this.storage.values()) used += STORAGE_HEADER_BYTES + ((text.length + 3) & ~3);
    return used;
  }

  /**
   * Storage.write as src/jsflash.c jsfWriteFile does it: offset 0 (re)creates the file
   * (of `size`, or the data's length) unless it is the same size and still erased; bytes
   * are only ever written over erased ones ("File already written with different data");
   * a file that does not fit the free flash throws "Unable to find or create file" (the
   * old one already erased). Erased space is counted free, as after a compaction.
   */
  private storageWrite(name: string, data: unknown, offset?: number, size?: number): boolean {
    const storage = this.storage;
    if (typeof name !== 'string' || name.length === 0 || name.length > 28) throw new SimError(`Storage.write: bad file name ${JSON.stringify(name)}`);
    const text = typeof data === 'string' ? data : String(data);
    const at = offset ?? 0;
    let bytes = size ?? 0;
    if (at < 0 || bytes < 0) return false;
    if (bytes === 0) bytes = text.length;
    if (bytes === 0) throw new Error("Can't create zero length file");
    let file = storage.get(name);
    const erased = (f: string, from: number, n: number) => {
      for (let i = from; i < from + n; i++) if (f.charCodeAt(i) !== 0xff) return false;
      return true;
    };
    if (at === 0 && (file === undefined || file.length !== bytes || !erased(file, 0, bytes))) {
      if (file !== undefined && file.length === bytes && text === file) return true;
      storage.delete(name);
      file = undefined;
      if (this.storageUsedBytes() + STORAGE_HEADER_BYTES + ((bytes + 3) & ~3) <= this.board.board.storageBytes) {
        file = '\xff'.repeat(bytes);
        storage.set(name, file);
      }
    }
    if (file === undefined) throw new Error('Unable to find or create file');
    if (at + text.length > file.length) throw new Error('Too much data for file size');
    if (!erased(file, at, text.length)) throw new Error('File already written with different data');
    storage.set(name, file.substring(0, at) + text + file.substring(at + text.length));
    return true;
  }

  private makeStorage(): object {
    const storage = this.storage;
    const api = {
      write: (name: string, data: string, offset?: number, size?: number) => this.storageWrite(name, data, offset, size),
      read: (name: string, offset?: number, length?: number) => {
        const text = storage.get(name);
        if (text === undefined || (offset === undefined && length === undefined)) return text;
        const from = offset ?? 0;
        return text.substring(from, length === undefined ? text.length : from + length);
      },
      getFree: () => this.board.board.storageBytes - this.storageUsedBytes(),
      readJSON: (name: string, noExceptions?: boolean) => {
        const text = storage.get(name);
        if (text === undefined) return undefined;
        try {
          return JSON.parse(text);
        } catch (e) {
          if (noExceptions) return undefined;
          throw e;
        }
      },
      writeJSON: (name: string, data: unknown) => this.storageWrite(name, JSON.stringify(data)),
      erase: (name: string) => {
        storage.delete(name);
      },
      list: () => [...storage.keys()],
    };
    return strict('Storage', api);
  }

  private makeGlobals(): Record<string, unknown> {
    const g: Record<string, unknown> = {};
    for (const name of this.board.board.pins) g[name] = this.makePinObject(name);
    const adcBits = this.board.board.adcBits;
    const adcPins = new Set(this.board.board.adcPins);
    // A pin's index in the board's pin list seeds its converter noise: looked up once.
    const pinIndex = new Map(this.board.board.pins.map((name, i) => [name, i]));
    g.analogRead = (p: unknown) => {
      const state = this.pin(p, 'analogRead');
      if (!adcPins.has(state.name)) throw new SimError(`analogRead: ${state.name} has no ADC on ${this.board.info.name}`);
      state.mode = 'analog';
      const ratio = this.hooks.analogSource(state.name);
      if (!this.hooks.adcNoise || !this.hooks.adcNoise(state.name)) return quantiseAdc(ratio, adcBits);
      const top = (1 << adcBits) - 1;
      const code = adcCode(ratio, adcBits) + adcNoiseCodes(pinIndex.get(state.name) as number, this.nowMs);
      return (code < 0 ? 0 : code > top ? top : code) / (1 << adcBits);
    };
    g.analogWrite = (p: unknown, value: number, opts?: { freq?: number }) => {
      const state = this.pin(p, 'analogWrite');
      const timer = timerOfPin(this.board, state.name);
      if (!timer) throw new SimError(`analogWrite: ${state.name} has no hardware PWM on ${this.board.info.name}`);
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new SimError(`analogWrite: value ${value} outside 0..1`);
      if (opts !== undefined) {
        for (const k of Object.keys(opts)) if (k !== 'freq') throw new SimError(`analogWrite: option ${k} is not modelled`);
      }
      const requested = opts ? opts.freq : undefined;
      if (requested !== undefined && !(typeof requested === 'number' && requested > 0)) throw new SimError(`analogWrite: bad frequency ${requested}`);
      const setting = timerSetting(requested, this.board.board.timerClocksHz[timer]);
      const hz = setting.hz;
      state.mode = 'pwm';
      state.pwmDuty = pwmDuty(value, setting.arr);
      state.pwmHz = hz;
      this.hooks.onPinOutput(state);
      // Every PWM channel of this timer now runs at the new frequency.
      for (const other of this.board.board.pwmTimers[timer]) {
        const o = this.pins[other];
        if (o && o !== state && o.mode === 'pwm' && o.pwmHz !== hz) {
          o.pwmHz = hz;
          this.hooks.onPinOutput(o);
        }
      }
    };
    g.digitalWrite = (p: unknown, value: unknown) => {
      const state = this.pin(p, 'digitalWrite');
      state.mode = 'output';
      state.level = value ? 1 : 0;
      state.pwmDuty = 0;
      this.hooks.onPinOutput(state);
      if (state.name === this.board.wiring.airTest.pin) this.drive(this.board.wiring.inputs.bubble.pin, this.detectorLevel());
    };
    g.digitalRead = (p: unknown) => {
      // A pin list reads as one number, the last pin in the least significant bit.
      if (Array.isArray(p)) {
        let mask = 0;
        for (const each of p) mask = (mask << 1) | this.pin(each, 'digitalRead').level;
        return mask;
      }
      return this.pin(p, 'digitalRead').level;
    };
    g.pinMode = (p: unknown, mode: string) => {
      const state = this.pin(p, 'pinMode');
      const modes = ['input', 'input_pullup', 'input_pulldown', 'output', 'opendrain', 'analog', 'auto'];
      if (!modes.includes(mode)) throw new SimError(`pinMode: unknown mode ${mode}`);
      if (mode.startsWith('input')) state.mode = 'input';
      else if (mode === 'output' || mode === 'opendrain') {
        state.mode = 'output';
        this.hooks.onPinOutput(state);
      } else state.mode = mode;
    };
    g.setWatch = (fn: SimWatch['fn'], p: unknown, opts: { edge?: string; debounce?: number; repeat?: boolean }) => {
      if (typeof fn !== 'function') throw new SimError('setWatch: first argument must be a function');
      const state = this.pin(p, 'setWatch');
      const number = pinNumber(state.name);
      const clash = this.watches.find((w) => pinNumber(w.pin) === number && w.pin !== state.name);
      if (clash) throw new SimError(`setWatch: ${state.name} shares interrupt line ${number} with the watch on ${clash.pin}`);
      const edge = opts && opts.edge !== undefined ? opts.edge : 'both';
      if (!['rising', 'falling', 'both'].includes(edge)) throw new SimError(`setWatch: unknown edge ${edge}`);
      const w: SimWatch = {
        id: this.nextId++, fn, pin: state.name, edge,
        debounceMs: opts && opts.debounce ? opts.debounce : 0,
        repeat: Boolean(opts && opts.repeat), lastReported: state.level, lastTimeS: this.nowMs / 1000,
      };
      this.watches.push(w);
      return w.id;
    };
    g.clearWatch = (id: number) => {
      this.watches = this.watches.filter((w) => w.id !== id);
    };
    // Extra arguments go to the callback, as Espruino keeps them in the timer's "args"
    // (src/jswrap_interactive.c, _jswrap_interface_setTimeoutOrInterval).
    const addTimer = (fn: (...a: unknown[]) => void, ms: number, repeat: boolean, args: unknown[]) => {
      if (typeof fn !== 'function') throw new SimError('setInterval/setTimeout: first argument must be a function');
      const periodMs = Math.max(Number(ms) || 0, repeat ? 1 : 0);
      const call = args.length ? () => fn(...args) : fn;
      const t: SimTimer = { id: this.nextId++, fn: call, periodMs, dueMs: this.nowMs + periodMs, repeat, seq: this.seq++, internal: false };
      this.timers.push(t);
      return t.id;
    };
    g.setInterval = (fn: () => void, ms: number, ...args: unknown[]) => addTimer(fn, ms, true, args);
    g.setTimeout = (fn: () => void, ms: number, ...args: unknown[]) => addTimer(fn, ms, false, args);
    const clear = (id: number) => {
      this.timers = this.timers.filter((t) => t.id !== id || t.internal);
    };
    g.clearInterval = clear;
    g.clearTimeout = clear;
    g.changeInterval = (id: number, ms: number) => {
      const t = this.timers.find((x) => x.id === id && !x.internal);
      if (!t) throw new SimError(`changeInterval: no interval ${id}`);
      t.periodMs = ms;
      t.dueMs = this.nowMs + ms;
    };
    g.getTime = () => (this.nowMs - this.clockZeroMs) / 1000;
    const storage = this.makeStorage();
    g.require = (name: string) => {
      if (name === 'Storage') return storage;
      throw new SimError(`require('${name}'): module not modelled by the simulated board`);
    };
    g.load = (name?: string) => {
      this.bootFile = name === undefined ? '.bootcde' : name;
    };
    g.E = strict('E', {
      enableWatchdog: (timeoutS: number, isAuto?: boolean) => {
        if (isAuto !== false) throw new SimError('E.enableWatchdog: the firmware must use manual kicking (isAuto false)');
        this.watchdog = { timeoutMs: timeoutS * 1000, lastKickMs: this.nowMs };
      },
      kickWatchdog: () => {
        if (this.watchdog) this.watchdog.lastKickMs = this.nowMs;
      },
      on: (event: string, fn: (arg: unknown) => void) => {
        if (event !== 'errorFlag') throw new SimError(`E.on('${event}') is not modelled`);
        this.errorFlagHandler = fn;
      },
      CRC32: (data: unknown) => {
        if (typeof data !== 'string') throw new SimError('E.CRC32: only strings are modelled');
        return crc32(data);
      },
    });
    // Registers the firmware reads: RCC_BDCR (0x40023870) says whether the RTC runs from the
    // 32 kHz crystal (LSERDY bit 1, RTCSEL bits 9:8 = 01, RTCEN bit 15).
    const registers: Record<number, number> = { 0x40023870: this.board.board.lseCrystal ? (1 << 0) | (1 << 1) | (1 << 8) | (1 << 15) : 0 };
    g.peek32 = (addr: number) => {
      if (addr === RCC_CSR) return this.resetFlags;
      if (!(addr in registers)) throw new SimError(`peek32(0x${addr.toString(16)}): register not modelled`);
      return registers[addr];
    };
    g.poke32 = (addr: number, value: number) => {
      if (addr !== RCC_CSR) throw new SimError(`poke32(0x${addr.toString(16)}): register not modelled`);
      if (value & RCC_CSR_RMVF) this.resetFlags = 0;
    };
    g.process = strict('process', {
      on: (event: string, fn: (arg: unknown) => void) => {
        if (event !== 'uncaughtException') throw new SimError(`process.on('${event}') is not modelled`);
        this.uncaughtHandler = fn;
      },
    });
    // The firmware's on-demand modules (firmware/hal/modules.ts): Storage text evaluated as
    // one expression; pretokenised text runs as the JavaScript it stands for, as at boot.
    // Indirect eval runs at the global scope, where a board's pins and peripherals are.
    g.eval = (code: unknown) => {
      if (typeof code !== 'string') throw new SimError('eval: only a string is modelled');
      const names = Object.keys(this.globals);
      const fn = vm.runInContext(`(function(${names.join(',')}){return (${hasTokenBytes(code) ? detokenise(code) : code}\n)})`, this.context, { filename: 'eval' });
      return fn(...names.map((n) => this.globals[n]));
    };
    g.print = (...args: unknown[]) => {
      this.consoleText += args.join(' ') + '\n';
    };
    g.console = strict('console', { log: g.print });
    for (const device of ['Serial1', 'Serial2', 'USB']) g[device] = this.makeSerial(device);
    for (const bus of ['I2C1', 'I2C2', 'I2C3']) g[bus] = this.makeI2C(bus);
    return g;
  }

  /**
   * Runs a script at the top level of the board (the upload file, or stored code at boot),
   * as the console would. Espruino's lexer also reads pretokenised code (token bytes 0x80 and
   * up), which V8 cannot: such code runs as the JavaScript it stands for.
   */
  runUpload(code: string, filename: string): void {
    const source = hasTokenBytes(code) ? detokenise(code) : code;
    const names = Object.keys(this.globals);
    const fn = vm.runInContext(`(function(${names.join(',')}){${source}\n})`, this.context, { filename });
    fn(...names.map((n) => this.globals[n]));
  }

  /** Boots from Storage the way the board does: runs `.bootcde` (pretokenised or not). */
  boot(): void {
    const code = this.storage.get(this.bootFile ?? '.bootcde');
    if (code === undefined) throw new SimError('nothing to boot: Storage has no .bootcde');
    this.runUpload(code, this.bootFile ?? '.bootcde');
  }

  /** Advances virtual time to `untilMs`, running every timer due before it (or at it, if inclusive). */
  runUntil(untilMs: number, inclusive: boolean): void {
    for (;;) {
      let next: SimTimer | null = null;
      const timers = this.timers;
      const hung = this.hung;
      for (let i = 0; i < timers.length; i++) {
        const t = timers[i];
        if (hung && !t.internal) continue;
        if (next === null || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.seq < next.seq)) next = t;
      }
      const wd = this.watchdog;
      if (wd) {
        const expiresMs = wd.lastKickMs + wd.timeoutMs;
        if ((next === null || expiresMs < next.dueMs) && (expiresMs < untilMs || (inclusive && expiresMs === untilMs))) {
          this.nowMs = expiresMs;
          this.watchdogReset();
          continue;
        }
      }
      if (next === null || next.dueMs > untilMs || (!inclusive && next.dueMs === untilMs)) break;
      this.nowMs = next.dueMs;
      // Timers due at one instant run in creation order: Espruino keeps them in one array
      // and runs every due entry in array order, an interval keeping its place when it
      // is re-armed (src/jsinteractive.c, jsiIdle).
      if (next.repeat) next.dueMs += next.periodMs;
      else this.timers.splice(this.timers.indexOf(next), 1);
      next.fn();
    }
    this.nowMs = untilMs;
  }

  /**
   * The harness drives an input pin to a level; watches fire after their debounce time.
   * The air detector's output is the detector's: while its test input is driven it
   * reports air whatever the line holds (detectorLevel).
   */
  setInputLevel(pin: string, level: number): void {
    if (pin === this.board.wiring.inputs.bubble.pin) {
      this.bubblePresented = level;
      this.drive(pin, this.detectorLevel());
    } else this.drive(pin, level);
  }

  /** The detector's output is driven raw (a `pin:` column): its test input changes nothing. */
  detectorBypassed = false;

  /** What the line holds, as the harness last presented it on the detector's output (-1: not yet). */
  private bubblePresented = -1;

  /** The detector's output: air while its test input is driven, else what the line holds. */
  private detectorLevel(): number {
    const w = this.board.wiring;
    const test = this.pins[w.airTest.pin];
    const bubble = this.pins[w.inputs.bubble.pin];
    if (this.bubblePresented < 0) this.bubblePresented = bubble.level;
    const tested = !this.detectorBypassed && test.mode === 'output' && test.level === (w.airTest.activeHigh ? 1 : 0);
    // Air: the output low on a supervised (active-low) detector.
    return tested ? (w.inputs.bubble.activeHigh ? 1 : 0) : this.bubblePresented;
  }

  private drive(pin: string, level: number): void {
    const state = this.pins[pin];
    if (state.level === level) return;
    state.level = level;
    for (const w of this.watches) {
      if (w.pin !== pin) continue;
      if (w.debounceMs > 0) {
        const t: SimTimer = {
          id: this.nextId++, fn: () => this.reportWatch(w), periodMs: 0,
          dueMs: this.nowMs + w.debounceMs, repeat: false, seq: this.seq++, internal: true,
        };
        this.timers.push(t);
      } else this.reportWatch(w);
    }
  }

  private reportWatch(w: SimWatch): void {
    if (!this.watches.includes(w) || this.hung) return;
    const level = this.pins[w.pin].level;
    // Debounced: only a level that held for the whole debounce time, and only a change.
    if (level === w.lastReported) return;
    w.lastReported = level;
    const rising = level === 1;
    if (w.edge === 'rising' && !rising) return;
    if (w.edge === 'falling' && rising) return;
    const timeS = this.nowMs / 1000;
    const e = { state: rising, time: timeS, lastTime: w.lastTimeS };
    w.lastTimeS = timeS;
    if (!w.repeat) this.watches = this.watches.filter((x) => x !== w);
    w.fn(e);
  }

  /**
   * Drives an input pin with a square wave of `hz` (0 stops it), as an encoder does: the
   * level toggles every half period and the pin's watches see each edge.
   */
  setPulseTrain(pin: string, hz: number): void {
    const train = this.trains[pin] ?? (this.trains[pin] = { hz: 0, timer: null, lastToggleMs: this.nowMs });
    if (train.hz === hz) return;
    // Keep the phase across a change of speed: the part of the half period already run.
    const done = train.hz > 0 ? Math.min(1, (this.nowMs - train.lastToggleMs) / (500 / train.hz)) : 0;
    train.hz = hz;
    if (train.timer) {
      const old = train.timer;
      this.timers = this.timers.filter((t) => t !== old);
      train.timer = null;
    }
    if (hz > 0) {
      const half = 500 / hz;
      const t: SimTimer = {
        id: this.nextId++,
        fn: () => {
          train.lastToggleMs = this.nowMs;
          this.setInputLevel(pin, 1 - this.pins[pin].level);
        },
        periodMs: half, dueMs: this.nowMs + (1 - done) * half, repeat: true, seq: this.seq++, internal: true,
      };
      train.lastToggleMs = this.nowMs - done * half;
      this.timers.push(t);
      train.timer = t;
    }
  }

  /** The interpreter sets error flags (e.g. 'MEMORY' when an allocation failed): the firmware's E.on('errorFlag') handler runs. */
  raiseErrorFlags(flags: string[]): void {
    if (this.errorFlagHandler && !this.hung) this.errorFlagHandler(flags);
  }

  /** An exception nothing caught reaches process.on('uncaughtException'). */
  uncaughtException(e: unknown): void {
    if (this.uncaughtHandler && !this.hung) this.uncaughtHandler(e);
  }

  /**
   * Text a host sends to a serial device's RX. A UART carries bytes: the text goes as UTF-8,
   * and the firmware's 'data' handler gets one character per byte, as on a board (an 'é'
   * is two characters there, 0xC3 0xA9).
   */
  receive(device: string, text: string): void {
    const handler = this.serialHandlers[device];
    if (handler && !this.hung) handler(Buffer.from(text, 'utf8').toString('latin1'));
  }
}
