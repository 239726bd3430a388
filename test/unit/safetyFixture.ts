// The few parts of a controller the safety modules talk to (alarm book, sensing, pump,
// outputs of emit and act, a fault log), without the rest of the controller, so the unit
// tests of alarmBook, sensorHealth and rotation drive one module and read what it decided.
import { AlarmBook } from '../../firmware/core/safety/alarmBook';
import { Fault, FaultLog } from '../../firmware/core/safety/faultLog';
import { SensorHealth } from '../../firmware/core/safety/sensorHealth';
import { Rotation } from '../../firmware/core/safety/rotation';
import { CHANNEL_COUNT, CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_P_LIMB, CH_P_SYS, CH_P_VEN, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER } from '../../firmware/core/channels';
import type { Controller } from '../../firmware/core/controller';
import { FRONT_END_LINEAR, FRONT_END_NONE, FRONT_END_THERMISTOR, FrontEnd } from '../../firmware/core/sensing/frontEnds';
import { Sensing } from '../../firmware/core/sensing/sensing';
import { YSI400 } from '../../firmware/core/sensing/conversions';

/** Line pressures: ratio 0.1 at 0 mmHg, 0.001 per mmHg (limits 0.05 .. 0.85 on p_art). */
export const PRESSURE: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0.1, ratioPerUnit: 0.001 };
/** Reservoir level: ratio 0.1 at 0 mL, 2^-13 per mL, so its rate limit (100 mL/s) is an exact ratio. */
export const LEVEL: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0.1, ratioPerUnit: 1 / 8192 };
/** YSI 400 in a divider with 1300 ohm: ratio 0.5 reads about 38 degC. */
export const THERMISTOR: FrontEnd = { kind: FRONT_END_THERMISTOR, seriesOhm: 1300, sh: YSI400, ratioAtZero: 0, ratioPerUnit: 1 };
export const NONE: FrontEnd = { kind: FRONT_END_NONE, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 };

/** Every channel wired: pressures and level linear, temperatures thermistors. */
export function frontEnds(overrides?: Record<number, FrontEnd>): FrontEnd[] {
  const fe: FrontEnd[] = new Array(CHANNEL_COUNT).fill(PRESSURE);
  fe[CH_LEVEL] = LEVEL;
  for (const ch of [CH_T_ART, CH_T_PROX, CH_T_DIST, CH_T_WATER]) fe[ch] = THERMISTOR;
  if (overrides) for (const k of Object.keys(overrides)) fe[Number(k)] = overrides[Number(k)];
  return fe;
}

/** Raw ratios of healthy sensors (every one strictly inside its limits), optional channels silent. */
export function healthyRaw(): Float64Array {
  const raw = new Float64Array(CHANNEL_COUNT).fill(0.5);
  raw[CH_P_ART] = 0.2;
  raw[CH_P_VEN] = 0.12;
  raw[CH_P_CUFF] = 0.4;
  raw[CH_LEVEL] = 0.25;
  raw[CH_P_LIMB] = NaN;
  raw[CH_P_SYS] = NaN;
  return raw;
}

export interface LoggedFault extends Fault {
  timeMs: number;
}

/** A fault log that keeps its records in memory; `failing` makes every write fail as a full flash does. */
export class MemoryFaultLog {
  failedWrites = 0;
  failing = false;
  readonly appended: LoggedFault[] = [];
  append(nowMs: number, fault: Fault): boolean {
    this.appended.push({ timeMs: nowMs, ...fault });
    if (!this.failing) return true;
    this.failedWrites++;
    return false;
  }
}

export interface FakePump {
  enabled: boolean;
  flowMlMin: number;
  strokeMlPerRev: number;
}

/** The controller's side of the safety modules: what they emit, the safe actions they ask for, in order. */
export interface Rig {
  c: Controller;
  alarms: AlarmBook;
  sensing: Sensing;
  pump: FakePump;
  lines: string[];
  acts: Array<[number, number]>;
  log: MemoryFaultLog;
  fe: FrontEnd[];
  /** Lines emitted since the last call. */
  take(): string[];
}

export function rig(options?: { frontEnds?: FrontEnd[]; withLog?: boolean; encoderPulsesPerRev?: number }): Rig {
  const lines: string[] = [];
  const acts: Array<[number, number]> = [];
  const log = new MemoryFaultLog();
  const fe = options && options.frontEnds ? options.frontEnds : frontEnds();
  const pump: FakePump = { enabled: false, flowMlMin: 0, strokeMlPerRev: 4 };
  const host = {
    emit: (line: string) => { lines.push(line); },
    act: (alarm: number, nowMs: number) => { acts.push([alarm, nowMs]); },
    faultLog: options && options.withLog === false ? undefined : (log as unknown as FaultLog),
    sensing: new Sensing(fe, { settings: { span: [1, 1, 1] } }),
    pump,
    geometry: { encoderPulsesPerRev: options && options.encoderPulsesPerRev ? options.encoderPulsesPerRev : 4 },
  } as Record<string, unknown>;
  const alarms = new AlarmBook(host as unknown as Controller);
  host.alarms = alarms;
  let taken = 0;
  return {
    c: host as unknown as Controller, alarms, sensing: host.sensing as Sensing, pump, lines, acts, log, fe,
    take() {
      const fresh = lines.slice(taken);
      taken = lines.length;
      return fresh;
    },
  };
}

export function healthOf(r: Rig): SensorHealth {
  return new SensorHealth(r.c, r.fe);
}

export function rotationOf(r: Rig): Rotation {
  return new Rotation(r.c);
}
