// Heat in the circuit: the heater warms a water tank; the exchanger passes heat from the
// water to the perfusate leaving the reservoir (its hold-up, up to the t_art probe, is one
// well-mixed volume); the perfusate warms two limb tissue compartments (proximal and
// distal, each with its own thermal mass) and leaves them at their temperature (blood
// equilibrates with the tissue it crosses); the venous return mixes into the reservoir.
// Everything loses heat to the room; the tissue also exchanges with the body core and with
// what surrounds the limb.
//
// Each compartment relaxes exponentially toward the equilibrium its neighbours give it
// (neighbours held for the sub-step): exact for one compartment on its own, stable at any
// step, and what the time constants below describe.

import { PlantParams } from './plantParams';

// Built-ins bound once: test runners evaluate modules inside a vm context, where every
// global lookup goes through an interceptor (measured: 10x slower per step).
const { ceil, exp, max, min } = Math;

export interface ThermalState {
  waterC: number;
  /** Perfusate in the exchanger's hold-up and arterial line: what the t_art probe reads. */
  arterialC: number;
  reservoirC: number;
  proxC: number;
  distC: number;
  /**
   * What the line probes read: a thermistor in the perfusate line or the water bath
   * follows the liquid with its own time constant (PROBE_TAU_S), so it does not show the
   * ripple the roller pump's pulsatile flow puts on the liquid's temperature. A recorded
   * trace holds these readings.
   */
  arterialProbeC: number;
  waterProbeC: number;
  /** Heater power applied over the last step, W. */
  heaterW: number;
}

/** Time constant of a YSI 400 series probe in flowing liquid, s (about 1 s in stirred water). */
export const PROBE_TAU_S = 1;

/** What the hydraulics and the heater did over one step. */
export interface ThermalInputs {
  /** Mean heater duty, 0..1. */
  heaterDuty: number;
  /** Perfusate through the exchanger (the pump's flow) and through the limb's tissue, mL/min. */
  pumpMlMin: number;
  limbMlMin: number;
  returnMlMin: number;
  /** Operator's additions (negative: drained) and their temperature. */
  addMlMin: number;
  addC: number;
  /** Reservoir volume at the end of the step, mL. */
  reservoirMl: number;
}

/** Heat-flow conductance of a perfusate flow, W/K. */
export function flowWPerK(p: PlantParams, flowMlMin: number): number {
  return (max(0, flowMlMin) / 60) * p.perfusateJPerMlK;
}

/** The state at rest: water and perfusate at their initial temperatures, the probe's hold-up at its equilibrium with them. */
export function initialThermal(p: PlantParams): ThermalState {
  const g = p.exchangerWPerK + p.lineLossWPerK;
  const arterialC = (p.exchangerWPerK * p.initialWaterC + p.lineLossWPerK * p.ambientC) / g;
  return {
    waterC: p.initialWaterC,
    arterialC,
    reservoirC: p.initialPerfusateC,
    proxC: p.initialProxC,
    distC: p.initialDistC,
    arterialProbeC: arterialC,
    waterProbeC: p.initialWaterC,
    heaterW: 0,
  };
}

export interface ThermalTimeConstants {
  /** Water tank with the perfusate side held, s. */
  waterS: number;
  /** Exchanger hold-up with water and reservoir held, s. */
  arterialS: number;
  /** Tissue compartments with the perfusate held, s. */
  proxS: number;
  distS: number;
}

/** Each compartment's time constant with its neighbours held, at a pump flow (mL/min; tissue flow taken equal). */
export function thermalTimeConstants(p: PlantParams, flowMlMin: number): ThermalTimeConstants {
  const q = flowWPerK(p, flowMlMin);
  const tissue = (t: PlantParams['prox']) => (t.massKg * p.tissueJPerKgK) / (q * t.flowShare + t.coreWPerK + t.surroundWPerK);
  return {
    waterS: p.waterJPerK / (p.exchangerWPerK + p.waterLossWPerK),
    arterialS: (p.arterialHoldupMl * p.perfusateJPerMlK) / (q + p.exchangerWPerK + p.lineLossWPerK),
    proxS: tissue(p.prox),
    distS: tissue(p.dist),
  };
}

/** x relaxed toward eq for dtS with time constant tauS. */
function relax(x: number, eq: number, dtS: number, tauS: number): number {
  return eq + (x - eq) * exp(-dtS / tauS);
}

/** Advances the temperatures by dtMs (after the hydraulics moved the volumes of the same step). */
export function stepThermal(p: PlantParams, s: ThermalState, inp: ThermalInputs, dtMs: number): void {
  const dtS = dtMs / 1000;
  if (!(dtS > 0)) return;
  const heaterW = p.heaterW * min(1, max(0, inp.heaterDuty));
  s.heaterW = heaterW;
  const qPump = flowWPerK(p, inp.pumpMlMin);
  const qLimb = flowWPerK(p, inp.limbMlMin);
  const holdupJPerK = p.arterialHoldupMl * p.perfusateJPerMlK;
  const gArt = qPump + p.exchangerWPerK + p.lineLossWPerK;
  const gWater = p.exchangerWPerK + p.waterLossWPerK;
  // The exchanger's hold-up is the fastest compartment: sub-steps of a fifth of it keep the
  // coupled water/perfusate exchange accurate for any step the caller takes.
  const n = max(1, ceil(dtS / (0.2 * (holdupJPerK / gArt))));
  const h = dtS / n;
  const prox = p.prox;
  const dist = p.dist;
  const gProx = qLimb * prox.flowShare + prox.coreWPerK + prox.surroundWPerK;
  const gDist = qLimb * dist.flowShare + dist.coreWPerK + dist.surroundWPerK;
  // Volumes moved in the step: the reservoir's content before it, what the pump took,
  // what returned and what was added, mixed once over the step (exact mixing, any volume).
  const dtMin = dtS / 60;
  const vPump = max(0, inp.pumpMlMin) * dtMin;
  const vRet = max(0, inp.returnMlMin) * dtMin;
  const vAdd = inp.addMlMin * dtMin;
  for (let i = 0; i < n; i++) {
    s.waterC = relax(s.waterC, (heaterW + p.exchangerWPerK * s.arterialC + p.waterLossWPerK * p.ambientC) / gWater, h, p.waterJPerK / gWater);
    s.arterialC = relax(s.arterialC, (qPump * s.reservoirC + p.exchangerWPerK * s.waterC + p.lineLossWPerK * p.ambientC) / gArt, h, holdupJPerK / gArt);
    const tArt = s.arterialC;
    s.proxC = relax(s.proxC, (qLimb * prox.flowShare * tArt + prox.coreWPerK * p.coreC + prox.surroundWPerK * p.limbSurroundC) / gProx, h, (prox.massKg * p.tissueJPerKgK) / gProx);
    s.distC = relax(s.distC, (qLimb * dist.flowShare * tArt + dist.coreWPerK * p.coreC + dist.surroundWPerK * p.limbSurroundC) / gDist, h, (dist.massKg * p.tissueJPerKgK) / gDist);
  }
  s.arterialProbeC = relax(s.arterialProbeC, s.arterialC, dtS, PROBE_TAU_S);
  s.waterProbeC = relax(s.waterProbeC, s.waterC, dtS, PROBE_TAU_S);
  // The venous return leaves the tissue at its temperature, flow-weighted.
  const venousC = prox.flowShare * s.proxC + dist.flowShare * s.distC;
  const before = inp.reservoirMl - vRet - vAdd + vPump;
  const kept = max(0, before - vPump + min(0, vAdd));
  const addIn = max(0, vAdd);
  const mixed = kept + vRet + addIn;
  if (mixed > 1e-9) s.reservoirC = (kept * s.reservoirC + vRet * venousC + addIn * inp.addC) / mixed;
  if (inp.reservoirMl > 1e-6) {
    s.reservoirC = relax(s.reservoirC, p.ambientC, dtS, (inp.reservoirMl * p.perfusateJPerMlK) / p.reservoirLossWPerK);
  }
}
