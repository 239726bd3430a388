// The circuit's volumes: reservoir -> roller pump -> arterial line (oxygenator, cannula)
// -> limb arterial bed -> limb venous bed -> venous line -> reservoir, with collaterals
// past the tourniquet to and from the body. Each compliant compartment holds a stressed
// volume whose pressure is volume / compliance; flows between them follow the pressure
// differences through resistances. Every flow leaves one compartment and enters another
// (or the body, or the operator's additions), so volume is conserved by construction and
// the cumulative accounts balance to rounding.
//
// Units: volumes mL, pressures mmHg, flows mL/min, resistances mmHg per mL/min,
// compliances mL/mmHg, conductances mL/min per mmHg, time in minutes inside the step.

import { PlantParams } from './plantParams';

// Built-ins bound once: test runners evaluate modules inside a vm context, where every
// global lookup goes through an interceptor (measured: 10x slower per step).
const { PI, ceil, cos, max, min } = Math;
const finite = Number.isFinite;

export interface HydraulicState {
  /** Stressed volumes of the compliant compartments, mL. */
  lineMl: number;
  arterialMl: number;
  venousMl: number;
  /** Perfusate in the reservoir, mL (what the level sensor measures). */
  reservoirMl: number;
  /** Pump-head revolutions since the start (the rollers' phase). */
  headRevs: number;
  /** Mean flows over the last step, mL/min. */
  pumpMlMin: number;
  lineMlMin: number;
  limbMlMin: number;
  returnMlMin: number;
  /** Net flow from the limb to the body (collaterals out minus in, plus a leak), mL/min. */
  toBodyMlMin: number;
  /** The pump drew air: the reservoir was below its air-entrainment volume. */
  drawingAir: boolean;
  /** Cumulative volumes since the start, mL. */
  pumpedMl: number;
  returnedMl: number;
  addedMl: number;
  toBodyMl: number;
}

/** What acts on the circuit during one step. */
export interface HydraulicInputs {
  /** Pump-head revolutions made during the step. */
  headRevs: number;
  pSysMmHg: number;
  pCuffMmHg: number;
  /** Multiplies the arterial line's resistance (occlusion); Infinity = fully occluded. */
  lineResistanceFactor: number;
  /** Perfusate escaping from the limb to the body beyond the collaterals (fault), mL/min. */
  leakMlMin: number;
  /** Operator's additions to the reservoir (negative: drained), mL/min. */
  addMlMin: number;
}

/** Pressures derived from a state (and the flows in it). */
export interface HydraulicPressures {
  /** Pump outlet (arterial line pressure sensor). */
  pArtMmHg: number;
  /** Limb arterial pressure at the cannula tip. */
  pLimbMmHg: number;
  /** Limb venous bed. */
  pVenousBedMmHg: number;
  /** Venous line pressure sensor, between the venous cannula and the reservoir. */
  pVenMmHg: number;
}

/** Collateral conductances for a cuff pressure: cuffed from cuffOccludesMmHg up, open at 0, linear between. */
export function collaterals(p: PlantParams, pCuffMmHg: number): { inMlMinPerMmHg: number; outMlMinPerMmHg: number } {
  const held = pCuffMmHg <= 0 ? 0 : pCuffMmHg >= p.cuffOccludesMmHg ? 1 : pCuffMmHg / p.cuffOccludesMmHg;
  return {
    inMlMinPerMmHg: p.collateralInOpen + (p.collateralInCuffed - p.collateralInOpen) * held,
    outMlMinPerMmHg: p.collateralOutOpen + (p.collateralOutCuffed - p.collateralOutOpen) * held,
  };
}

/**
 * The circuit at rest (pump stopped, cuff at pressure): the line and the arterial bed at
 * one pressure, the body's arteries seeping in through the collaterals, the venous bed
 * draining to the reservoir and to the body's veins. Two linear node equations.
 */
export function restState(p: PlantParams, pSysMmHg: number): HydraulicState {
  const c = collaterals(p, p.cuffMmHg);
  const gLimb = 1 / p.limbResistance;
  const gRet = finite(p.venousResistance) ? 1 / p.venousResistance : 0;
  // Arterial node: gIn (pSys - pa) = gLimb (pa - pv)
  // Venous node:   gLimb (pa - pv) = gRet pv + gOut (pv - cvp)
  const a11 = c.inMlMinPerMmHg + gLimb;
  const a12 = -gLimb;
  const b1 = c.inMlMinPerMmHg * pSysMmHg;
  const a21 = -gLimb;
  const a22 = gLimb + gRet + c.outMlMinPerMmHg;
  const b2 = c.outMlMinPerMmHg * p.cvpMmHg;
  const det = a11 * a22 - a12 * a21;
  const pa = (b1 * a22 - a12 * b2) / det;
  const pv = max(0, (a11 * b2 - a21 * b1) / det);
  return {
    lineMl: pa * p.lineComplianceMlPerMmHg,
    arterialMl: pa * p.arterialComplianceMlPerMmHg,
    venousMl: pv * p.venousComplianceMlPerMmHg,
    reservoirMl: p.reservoirMl,
    headRevs: 0,
    pumpMlMin: 0, lineMlMin: 0, limbMlMin: 0, returnMlMin: 0, toBodyMlMin: 0,
    drawingAir: false,
    pumpedMl: 0, returnedMl: 0, addedMl: 0, toBodyMl: 0,
  };
}

export function pressures(p: PlantParams, s: HydraulicState): HydraulicPressures {
  const pv = max(0, s.venousMl) / p.venousComplianceMlPerMmHg;
  return {
    pArtMmHg: max(0, s.lineMl) / p.lineComplianceMlPerMmHg,
    pLimbMmHg: max(0, s.arterialMl) / p.arterialComplianceMlPerMmHg,
    pVenousBedMmHg: pv,
    // The venous return's drop across the line from the sensor to the reservoir.
    pVenMmHg: finite(p.venousResistance) ? pv * (p.venousLineResistance / p.venousResistance) : 0,
  };
}

/**
 * Volume the pump delivers from head position r0 to r1 (revolutions). The rollers make the
 * flow pulse k times a revolution: stroke (1 + a sin(2 pi k r)); its integral
 * stroke (r - a cos(2 pi k r) / (2 pi k)) gives the volume exactly, so whole revolutions
 * deliver exactly stroke x revolutions whatever the step size.
 */
export function pumpedVolumeMl(p: PlantParams, r0: number, r1: number): number {
  const w = 2 * PI * p.rollersPerHead;
  const a = p.rollerPulsation;
  return p.strokeMlPerRev * (r1 - r0 - (a / w) * (cos(w * r1) - cos(w * r0)));
}

/**
 * The shortest time constant of the compartments, minutes: sub-steps are a fifth of it,
 * so the explicit update stays accurate (and stable) for any parameter set or fault.
 */
function shortestTauMin(p: PlantParams, rLine: number, gIn: number, gOut: number): number {
  const gLine = finite(rLine) ? 1 / rLine : 0;
  const gLimb = 1 / p.limbResistance;
  const gRet = finite(p.venousResistance) ? 1 / p.venousResistance : 0;
  const tauLine = gLine > 0 ? p.lineComplianceMlPerMmHg / gLine : Infinity;
  const tauArt = p.arterialComplianceMlPerMmHg / (gLine + gLimb + gIn);
  const tauVen = p.venousComplianceMlPerMmHg / (gLimb + gRet + gOut);
  return min(tauLine, tauArt, tauVen);
}

/** Advances the volumes by dtMs. */
export function stepHydraulics(p: PlantParams, s: HydraulicState, inp: HydraulicInputs, dtMs: number): void {
  const dtMin = dtMs / 60000;
  if (!(dtMin > 0)) return;
  const rLine = p.lineResistance * inp.lineResistanceFactor;
  const c = collaterals(p, inp.pCuffMmHg);
  const gIn = c.inMlMinPerMmHg;
  const gOut = c.outMlMinPerMmHg;
  const n = max(1, ceil(dtMin / (0.2 * shortestTauMin(p, rLine, gIn, gOut))));
  const h = dtMin / n;
  const revsPerSub = inp.headRevs / n;
  const cLine = p.lineComplianceMlPerMmHg;
  const cArt = p.arterialComplianceMlPerMmHg;
  const cVen = p.venousComplianceMlPerMmHg;
  const returns = finite(p.venousResistance);
  let pumped = 0;
  let line = 0;
  let limb = 0;
  let returned = 0;
  let toBody = 0;
  let added = 0;
  let air = false;
  for (let i = 0; i < n; i++) {
    const pLine = max(0, s.lineMl) / cLine;
    const pa = max(0, s.arterialMl) / cArt;
    const pv = max(0, s.venousMl) / cVen;
    // A roller pump is occlusive: its volume goes out whatever the outlet pressure, as
    // long as the reservoir has perfusate; below the air-entrainment volume it draws air.
    let vPump = pumpedVolumeMl(p, s.headRevs, s.headRevs + revsPerSub);
    s.headRevs += revsPerSub;
    if (vPump > 0 && s.reservoirMl < p.airEntrainMl) air = true;
    if (vPump > s.reservoirMl) vPump = max(0, s.reservoirMl);
    const vLine = finite(rLine) ? ((pLine - pa) / rLine) * h : 0;
    const vLimb = ((pa - pv) / p.limbResistance) * h;
    const vRet = returns && pv > 0 ? (pv / p.venousResistance) * h : 0;
    const vIn = gIn * (inp.pSysMmHg - pa) * h;
    const vOut = gOut * (pv - p.cvpMmHg) * h;
    // A leak takes what the venous bed holds, no more.
    const vLeak = min(inp.leakMlMin * h, max(0, s.venousMl + vLimb - vRet - vOut));
    // Draining cannot take more than the reservoir holds.
    const vAdd = max(inp.addMlMin * h, -max(0, s.reservoirMl - vPump));
    s.reservoirMl += vRet - vPump + vAdd;
    s.lineMl += vPump - vLine;
    s.arterialMl += vLine - vLimb + vIn;
    s.venousMl += vLimb - vRet - vOut - vLeak;
    pumped += vPump;
    line += vLine;
    limb += vLimb;
    returned += vRet;
    toBody += vOut + vLeak - vIn;
    added += vAdd;
  }
  s.pumpMlMin = pumped / dtMin;
  s.lineMlMin = line / dtMin;
  s.limbMlMin = limb / dtMin;
  s.returnMlMin = returned / dtMin;
  s.toBodyMlMin = toBody / dtMin;
  s.drawingAir = air;
  s.pumpedMl += pumped;
  s.returnedMl += returned;
  s.addedMl += added;
  s.toBodyMl += toBody;
}

/** Perfusate in the circuit and the limb's stressed volumes, mL (for volume balances). */
export function circuitVolumeMl(s: HydraulicState): number {
  return s.reservoirMl + s.lineMl + s.arterialMl + s.venousMl;
}
