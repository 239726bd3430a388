// The perfusion circuit as a plant for closed-loop tests: roller pump, tubing, limb,
// reservoir, heater and tissue, advanced step by step from what the firmware puts on its
// pins (step pulses, driver enable, heater duty), and presenting what its sensors would
// read. The scenario sets the patient's systemic pressure, the operator's additions to
// the reservoir and the faults. Hydraulics in plantHydraulics.ts, heat in
// plantThermal.ts, parameters and their sources in plantParams.ts.

import { CELL_OPEN } from '../replay/trace';
import { ActiveFaults, FaultSpec, activeFaults, checkFault, faultTimes } from './plantFaults';
import { HydraulicState, circuitVolumeMl, pressures, restState, stepHydraulics } from './plantHydraulics';
import { PlantParams } from './plantParams';
import { ThermalState, initialThermal, stepThermal } from './plantThermal';

// Built-ins bound once: test runners evaluate modules inside a vm context, where every
// global lookup goes through an interceptor (measured: 10x slower per step).
const { PI, abs, exp, max, min, round, sin } = Math;

/** Sensor channels the plant presents, named as trace columns. */
export const PLANT_SENSORS = ['p_art', 'p_ven', 'p_limb', 'p_sys', 'p_cuff', 't_art', 't_prox', 't_dist', 't_water', 'level'] as const;
export type PlantSensor = (typeof PLANT_SENSORS)[number];
/** Switch inputs (0/1), named as trace columns; `stall` is the head not turning whatever the drive does. */
export const PLANT_SWITCHES = ['bubble', 'estop', 'lid', 'drv_fault', 'stall'] as const;

/**
 * Decimals of a presented value, also those a trace is written with: far below one ADC
 * step (0.026 degC, 0.5 mmHg, 3 mL on the on-chip ADC), and exact through a written trace.
 */
const SENSOR_DECIMALS: Record<PlantSensor, number> = {
  p_art: 2, p_ven: 2, p_limb: 2, p_sys: 2, p_cuff: 2, t_art: 3, t_prox: 3, t_dist: 3, t_water: 3, level: 2,
};

/** Perfusate (or a drug) the operator pours into the reservoir; negative volume drains it. */
export interface Addition {
  atMs: number;
  volumeMl: number;
  /** Default: volume / 10 mL/s, pouring from a bag (the level sensor's plausibility limit is 100 mL/s). */
  durationMs?: number;
  /** Default 37 (warmed). */
  tempC?: number;
}

/** The patient's mean arterial pressure over time: steps, plus a slow sine. */
export interface PSysSpec {
  meanMmHg?: number;
  amplitudeMmHg?: number;
  periodMs?: number;
  steps?: { tMs: number; mmHg: number }[];
}

export interface PlantScenario {
  faults?: FaultSpec[];
  additions?: Addition[];
  pSys?: PSysSpec;
  /** Optional transducers plugged in (default both): unplugged, their input reads as an open lead. */
  connected?: { p_limb?: boolean; p_sys?: boolean };
}

/** What the firmware did on its pins during one step. */
export interface PlantDrive {
  /** STEP pulses while the driver was enabled. */
  steps: number;
  /** Heater duty integrated over the step, ms (duty 1 for the whole step = dtMs). */
  heaterDutyMs: number;
}

/** Columns of the plant's record beyond the sensors and switches it presents. */
export const RECORD_EXTRAS = [
  'flow_ml_min', 'limb_ml_min', 'return_ml_min', 'to_body_ml_min', 'heater_duty', 't_res', 'reservoir_ml',
  'p_limb_mmhg', 'p_sys_mmhg', 'pumped_ml', 'returned_ml', 'added_ml', 'to_body_ml', 'circuit_ml', 'head_revs',
] as const;

export const DEFAULT_ADD_RATE_ML_PER_S = 10;

function additionDurationMs(a: Addition): number {
  return a.durationMs ?? (abs(a.volumeMl) / DEFAULT_ADD_RATE_ML_PER_S) * 1000;
}

function roundTo(v: number, decimals: number): number {
  const k = 10 ** decimals;
  return round(v * k) / k;
}

export class Plant {
  readonly hydraulics: HydraulicState;
  readonly thermal: ThermalState;
  cuffMmHg: number;
  tMs = 0;
  /** Heater duty applied over the last step (1 when stuck on). */
  heaterDuty = 0;
  faults: ActiveFaults;
  private readonly faultList: FaultSpec[];
  private readonly additions: Addition[];
  private readonly connected: Record<string, boolean>;
  private readonly sensorIndex: Record<string, number> = {};

  constructor(
    readonly params: PlantParams,
    readonly scenario: PlantScenario,
    /** STEP pulses per pump-head revolution (board: motor steps x microsteps x gear ratio). */
    readonly stepsPerHeadRev: number,
  ) {
    this.faultList = scenario.faults ?? [];
    this.faultList.forEach(checkFault);
    this.additions = scenario.additions ?? [];
    for (const a of this.additions) if (!(a.atMs >= 0) || !(additionDurationMs(a) > 0)) throw new Error('addition: needs atMs >= 0 and a duration > 0');
    this.connected = { p_limb: scenario.connected?.p_limb !== false, p_sys: scenario.connected?.p_sys !== false };
    PLANT_SENSORS.forEach((name, i) => (this.sensorIndex[name] = i));
    this.hydraulics = restState(params, this.pSysAt(0));
    this.thermal = initialThermal(params);
    this.cuffMmHg = params.cuffMmHg;
    this.faults = activeFaults(this.faultList, 0);
  }

  /** Whether an optional transducer is plugged in (the others always are). */
  isConnected(sensor: string): boolean {
    return this.connected[sensor] !== false;
  }

  /** Times at which the scenario changes something: the runner makes them step boundaries. */
  eventTimes(): number[] {
    const times = faultTimes(this.faultList);
    for (const a of this.additions) times.push(a.atMs, a.atMs + additionDurationMs(a));
    for (const s of this.scenario.pSys?.steps ?? []) times.push(s.tMs);
    return times;
  }

  pSysAt(tMs: number): number {
    const spec = this.scenario.pSys;
    if (!spec) return this.params.pSysMmHg;
    let base = spec.meanMmHg ?? this.params.pSysMmHg;
    for (const s of spec.steps ?? []) if (s.tMs <= tMs) base = s.mmHg;
    const amp = spec.amplitudeMmHg ?? 0;
    return amp === 0 ? base : base + amp * sin((2 * PI * tMs) / (spec.periodMs ?? 600000));
  }

  /** Additions running at tMs: rate (mL/min) and the temperature of what is poured. */
  private additionAt(tMs: number): { mlMin: number; tempC: number } {
    let mlMin = 0;
    let heat = 0;
    for (const a of this.additions) {
      const dur = additionDurationMs(a);
      if (tMs < a.atMs || tMs >= a.atMs + dur) continue;
      const rate = (a.volumeMl / dur) * 60000;
      mlMin += rate;
      heat += rate * (a.tempC ?? 37);
    }
    return { mlMin, tempC: mlMin !== 0 ? heat / mlMin : 37 };
  }

  /** The head does not turn: blocked, its driver faulted, or its supply cut by the emergency stop. */
  headBlocked(): boolean {
    return this.faults.stall || this.faults.driverFault || this.faults.estop;
  }

  /** Advances the plant by dtMs under the drive the firmware applied during it. */
  advance(dtMs: number, drive: PlantDrive): void {
    if (!(dtMs > 0)) return;
    const f = this.faults;
    const p = this.params;
    const headRevs = this.headBlocked() ? 0 : drive.steps / this.stepsPerHeadRev;
    const add = this.additionAt(this.tMs);
    // The cuff falls toward a fault's target, or is pumped back to its pressure.
    const cuffTarget = f.cuffTargetMmHg ?? p.cuffMmHg;
    const cuffAtStart = this.cuffMmHg;
    this.cuffMmHg = cuffTarget + (cuffAtStart - cuffTarget) * exp(-dtMs / (p.cuffDeflateTauS * 1000));
    const h = this.hydraulics;
    stepHydraulics(p, h, {
      headRevs, pSysMmHg: this.pSysAt(this.tMs), pCuffMmHg: (cuffAtStart + this.cuffMmHg) / 2,
      lineResistanceFactor: f.lineResistanceFactor, leakMlMin: f.leakMlMin, addMlMin: add.mlMin,
    }, dtMs);
    this.heaterDuty = f.heaterStuckOn ? 1 : min(1, max(0, drive.heaterDutyMs / dtMs));
    stepThermal(p, this.thermal, {
      heaterDuty: this.heaterDuty, pumpMlMin: h.pumpMlMin, limbMlMin: h.limbMlMin, returnMlMin: h.returnMlMin,
      addMlMin: add.mlMin, addC: add.tempC, reservoirMl: h.reservoirMl,
    }, dtMs);
    this.tMs += dtMs;
    this.faults = activeFaults(this.faultList, this.tMs);
  }

  /** True (unrounded) value of a sensor channel, whatever its lead. */
  trueValue(sensor: PlantSensor): number {
    const pr = pressures(this.params, this.hydraulics);
    switch (sensor) {
      case 'p_art': return pr.pArtMmHg;
      case 'p_ven': return pr.pVenMmHg;
      case 'p_limb': return pr.pLimbMmHg;
      case 'p_sys': return this.pSysAt(this.tMs);
      case 'p_cuff': return this.cuffMmHg;
      case 't_art': return this.thermal.arterialProbeC;
      case 't_prox': return this.thermal.proxC;
      case 't_dist': return this.thermal.distC;
      case 't_water': return this.thermal.waterProbeC;
      case 'level': return this.hydraulics.reservoirMl;
    }
    return NaN;
  }

  /**
   * What each sensor presents now, in PLANT_SENSORS order: the value rounded to its
   * decimals, CELL_OPEN for a lead off or an optional transducer not plugged in.
   */
  sensorValues(out: Float64Array): Float64Array {
    const pr = pressures(this.params, this.hydraulics);
    const th = this.thermal;
    const d = SENSOR_DECIMALS;
    out[0] = roundTo(pr.pArtMmHg, d.p_art);
    out[1] = roundTo(pr.pVenMmHg, d.p_ven);
    out[2] = this.connected.p_limb ? roundTo(pr.pLimbMmHg, d.p_limb) : CELL_OPEN;
    out[3] = this.connected.p_sys ? roundTo(this.pSysAt(this.tMs), d.p_sys) : CELL_OPEN;
    out[4] = roundTo(this.cuffMmHg, d.p_cuff);
    out[5] = roundTo(th.arterialProbeC, d.t_art);
    out[6] = roundTo(th.proxC, d.t_prox);
    out[7] = roundTo(th.distC, d.t_dist);
    out[8] = roundTo(th.waterProbeC, d.t_water);
    out[9] = roundTo(this.hydraulics.reservoirMl, d.level);
    for (const name of this.faults.open) out[this.sensorIndex[name]] = CELL_OPEN;
    return out;
  }

  /** Switch inputs now (1 = the hazard), in PLANT_SWITCHES order. */
  switchValues(out: Float64Array): Float64Array {
    const f = this.faults;
    out[0] = f.air || this.hydraulics.drawingAir ? 1 : 0;
    out[1] = f.estop ? 1 : 0;
    out[2] = f.lid ? 1 : 0;
    out[3] = f.driverFault ? 1 : 0;
    out[4] = this.headBlocked() ? 1 : 0;
    return out;
  }

  /** The record's extra columns now, in RECORD_EXTRAS order. */
  extraValues(out: Float64Array): Float64Array {
    const h = this.hydraulics;
    const pr = pressures(this.params, h);
    out[0] = h.pumpMlMin;
    out[1] = h.limbMlMin;
    out[2] = h.returnMlMin;
    out[3] = h.toBodyMlMin;
    out[4] = this.heaterDuty;
    out[5] = this.thermal.reservoirC;
    out[6] = h.reservoirMl;
    out[7] = pr.pLimbMmHg;
    out[8] = this.pSysAt(this.tMs);
    out[9] = h.pumpedMl;
    out[10] = h.returnedMl;
    out[11] = h.addedMl;
    out[12] = h.toBodyMl;
    out[13] = circuitVolumeMl(h);
    out[14] = h.headRevs;
    return out;
  }
}
