// Faults injected into the plant at given times: what goes wrong in the circuit, at the
// patient or in a sensor, for the firmware's interlocks to catch. Each is active from
// atMs until untilMs (or the end of the run).

import { COLUMNS } from '../replay/trace';

export type FaultKind =
  | 'occlusion' | 'air' | 'sensor-open' | 'heater-stuck-on' | 'leak' | 'cuff-deflation' | 'estop' | 'lid' | 'driver-fault' | 'stall';

export const FAULT_KINDS: FaultKind[] = [
  'occlusion', 'air', 'sensor-open', 'heater-stuck-on', 'leak', 'cuff-deflation', 'estop', 'lid', 'driver-fault', 'stall',
];

/** Short names the command line also takes. */
const ALIASES: Record<string, FaultKind> = { open: 'sensor-open', heater: 'heater-stuck-on', cuff: 'cuff-deflation', driver: 'driver-fault' };

export interface FaultSpec {
  kind: FaultKind;
  atMs: number;
  /** End of the fault (exclusive); absent = to the end of the run. */
  untilMs?: number;
  /** sensor-open: the channel whose lead is off. */
  channel?: string;
  /**
   * occlusion: factor on the arterial line's resistance (Infinity = fully clamped);
   * leak: mL/min; cuff-deflation: the pressure the cuff falls to, mmHg.
   */
  value?: number;
}

/**
 * Defaults: an occlusion multiplies the line's resistance by 20 (a kinked line: the
 * outlet pressure heads for several times its limit, passing it in a few seconds); a leak
 * of 50 mL/min (the reservoir falls 10% in one to two minutes); a cuff that empties.
 */
export const FAULT_DEFAULT_VALUE: Partial<Record<FaultKind, number>> = { occlusion: 20, leak: 50, 'cuff-deflation': 0 };

/** Sensor channels a lead can come off: the trace's sensor columns. */
export const SENSOR_CHANNELS: string[] = Object.keys(COLUMNS).filter((name) => COLUMNS[name].kind === 'sensor');

/** The combined effect of the faults active at one time. */
export interface ActiveFaults {
  lineResistanceFactor: number;
  air: boolean;
  /** Channels whose lead is off. */
  open: string[];
  heaterStuckOn: boolean;
  leakMlMin: number;
  /** Pressure the cuff is falling to, or null when it holds. */
  cuffTargetMmHg: number | null;
  estop: boolean;
  lid: boolean;
  driverFault: boolean;
  /** The pump head is blocked: no rotation, no flow. */
  stall: boolean;
}

export const NO_FAULTS: ActiveFaults = {
  lineResistanceFactor: 1, air: false, open: [], heaterStuckOn: false, leakMlMin: 0, cuffTargetMmHg: null,
  estop: false, lid: false, driverFault: false, stall: false,
};

export function faultValue(f: FaultSpec): number {
  return f.value ?? FAULT_DEFAULT_VALUE[f.kind] ?? 1;
}

export function isActive(f: FaultSpec, tMs: number): boolean {
  return tMs >= f.atMs && (f.untilMs === undefined || tMs < f.untilMs);
}

export function activeFaults(faults: FaultSpec[], tMs: number): ActiveFaults {
  const a: ActiveFaults = { ...NO_FAULTS, open: [] };
  for (const f of faults) {
    if (!isActive(f, tMs)) continue;
    const v = faultValue(f);
    switch (f.kind) {
      case 'occlusion': a.lineResistanceFactor *= v; break;
      case 'air': a.air = true; break;
      case 'sensor-open': a.open.push(f.channel as string); break;
      case 'heater-stuck-on': a.heaterStuckOn = true; break;
      case 'leak': a.leakMlMin += v; break;
      case 'cuff-deflation': a.cuffTargetMmHg = a.cuffTargetMmHg === null ? v : Math.min(a.cuffTargetMmHg, v); break;
      case 'estop': a.estop = true; break;
      case 'lid': a.lid = true; break;
      case 'driver-fault': a.driverFault = true; break;
      case 'stall': a.stall = true; break;
    }
  }
  return a;
}

/** Times at which the set of active faults changes. */
export function faultTimes(faults: FaultSpec[]): number[] {
  const times: number[] = [];
  for (const f of faults) {
    times.push(f.atMs);
    if (f.untilMs !== undefined) times.push(f.untilMs);
  }
  return times;
}

export function checkFault(f: FaultSpec): void {
  if (!FAULT_KINDS.includes(f.kind)) throw new Error(`unknown fault ${f.kind} (known: ${FAULT_KINDS.join(', ')})`);
  if (!(f.atMs >= 0)) throw new Error(`fault ${f.kind}: time must be >= 0`);
  if (f.untilMs !== undefined && !(f.untilMs > f.atMs)) throw new Error(`fault ${f.kind}: end must be after its start`);
  if (f.kind === 'sensor-open' && !SENSOR_CHANNELS.includes(f.channel ?? '')) {
    throw new Error(`fault sensor-open needs a channel: ${SENSOR_CHANNELS.join(', ')}`);
  }
  if (f.kind !== 'sensor-open' && f.channel !== undefined) throw new Error(`fault ${f.kind} takes no channel`);
  if (f.value !== undefined && !(f.value >= 0)) throw new Error(`fault ${f.kind}: value must be >= 0`);
}

/**
 * The command line's form: kind[:channel][=value]@start_s[-end_s], e.g. `occlusion@600`,
 * `sensor-open:t_art@300-400`, `leak=80@900`, `occlusion=inf@600` (fully clamped).
 */
export function parseFault(text: string): FaultSpec {
  const m = /^([a-z-]+)(?::([a-z_]+))?(?:=([0-9.]+|inf))?@([0-9.]+)(?:-([0-9.]+))?$/.exec(text.trim());
  if (!m) throw new Error(`fault ${JSON.stringify(text)}: expected kind[:channel][=value]@start_s[-end_s]`);
  const kind = (ALIASES[m[1]] ?? m[1]) as FaultKind;
  const f: FaultSpec = { kind, atMs: Math.round(Number(m[4]) * 1000) };
  if (m[2] !== undefined) f.channel = m[2];
  if (m[3] !== undefined) f.value = m[3] === 'inf' ? Infinity : Number(m[3]);
  if (m[5] !== undefined) f.untilMs = Math.round(Number(m[5]) * 1000);
  checkFault(f);
  return f;
}

export function describeFault(f: FaultSpec): string {
  const what = f.kind + (f.channel ? `:${f.channel}` : '') + (f.value !== undefined ? `=${f.value}` : '');
  return `${what}@${f.atMs / 1000}s` + (f.untilMs !== undefined ? `-${f.untilMs / 1000}s` : '');
}
