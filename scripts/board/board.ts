// Board files (boards/<name>.json): the espruino CLI's board description plus the pin
// map and sensor front ends of this pump. Read by the simulation, the replay and the
// packaging step; the firmware gets the same data through the generated board module.

import fs from 'node:fs';
import path from 'node:path';

export interface InputWiringSpec {
  pin: string;
  activeHigh: boolean;
  debounceMs: number;
}

export interface ChannelSpec {
  pin?: string;
  bus?: string;
  frontEnd: 'thermistor' | 'transducer' | 'ads1115';
  probe?: string;
  seriesOhm?: number;
  ratioAtZero?: number;
  ratioPerUnit?: number;
  address?: number;
  mux?: string;
  /** ADS1115: full-scale range the firmware programs, and the front end in volts. */
  fsrVolts?: number;
  voltsAtZero?: number;
  voltsPerUnit?: number;
}

export interface BoardFile {
  name: string;
  info: { name: string; id: string; binary_version: string; builtin_modules: string[] };
  chip: { part: string; family: string; speedMhz: number; variables: number };
  board: {
    adcPins: string[];
    adcBits: number;
    /** A 32.768 kHz crystal is fitted, so the RTC (and getTime) run from it. */
    lseCrystal: boolean;
    pwmTimers: Record<string, string[]>;
    /** Input clock of each timer as Espruino sets the bus prescalers (APB2 timers run at half). */
    timerClocksHz: Record<string, number>;
    pins: string[];
  };
  wiring: {
    stepper: {
      step: string; dir: string; enable: string; enableActiveLow: boolean; dirForwardHigh: boolean;
      motorStepsPerRev: number; microsteps: number; gearRatio: number; accelMlMinPerS: number;
    };
    heater: { pin: string; pwmHz: number; activeHigh: boolean };
    buzzer: { pin: string; toneHz: number };
    commandPort: { serial: string; tx: string; rx: string; baud: number; console: string };
    /** The external converter's bus; vddVolts is its supply (and the bridge excitation). */
    i2c?: { bus: string; scl: string; sda: string; bitrate: number; vddVolts: number };
    inputs: {
      estop: InputWiringSpec;
      bubble: InputWiringSpec;
      lid: InputWiringSpec;
      drv_fault: InputWiringSpec;
      encoder: { pin: string; pulsesPerRev: number };
    };
  };
  channels: Record<string, ChannelSpec>;
}

export const BOARDS_DIR = path.resolve(__dirname, '..', '..', 'boards');
export const DEFAULT_BOARD = 'pico';

export function boardPath(name: string): string {
  return path.join(BOARDS_DIR, `${name}.json`);
}

export function loadBoard(name: string): BoardFile {
  const file = boardPath(name);
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(BOARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    throw new Error(`unknown board "${name}" (known: ${known.join(', ')})`);
  }
  const board = JSON.parse(fs.readFileSync(file, 'utf8')) as BoardFile;
  board.name = name;
  return board;
}

export function listBoardNames(): string[] {
  return fs
    .readdirSync(BOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => Boolean(JSON.parse(fs.readFileSync(path.join(BOARDS_DIR, f), 'utf8')).wiring))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The timer that drives PWM on a pin, or null if the pin has no hardware PWM. */
export function timerOfPin(board: BoardFile, pin: string): string | null {
  for (const timer of Object.keys(board.board.pwmTimers)) {
    if (board.board.pwmTimers[timer].includes(pin)) return timer;
  }
  return null;
}

/** The number part of a pin name: STM32 has one external interrupt line per number. */
export function pinNumber(pin: string): number {
  return Number(pin.substring(1));
}
