// The phases of a procedure, by profile kind (profiles.ts):
//   ILP: warmup -> drug (TNF, drug1Min) -> drug (melphalan, drug2Min) -> washout (washoutMl) -> done
//   ILI: warmup -> drug (drug1Min) -> washout (washoutMl) -> done
//   RLP: infuse (infuseMl over infuseMin, then the pump stops) -> dwell (dwellMin) -> done
// The warm-up ends when the operator confirms the drug was given (`next`), once prompted
// by the tissue reaching warmTissueC; the drug phases and the dwell end on their timers,
// the washout and the infusion on their volumes. `next` also moves on early.

export const PHASE_NONE = 0;
export const PHASE_WARMUP = 1;
export const PHASE_DRUG1 = 2;
export const PHASE_DRUG2 = 3;
export const PHASE_WASHOUT = 4;
export const PHASE_INFUSE = 5;
export const PHASE_DWELL = 6;
export const PHASE_DONE = 7;

/** The phase event's `name` (interface contract: warmup, drug, washout, infuse, dwell), and `done`. */
export function phaseName(phase: number): string {
  if (phase === PHASE_WARMUP) return 'warmup';
  if (phase === PHASE_DRUG1 || phase === PHASE_DRUG2) return 'drug';
  if (phase === PHASE_WASHOUT) return 'washout';
  if (phase === PHASE_INFUSE) return 'infuse';
  if (phase === PHASE_DWELL) return 'dwell';
  if (phase === PHASE_DONE) return 'done';
  return 'none';
}
