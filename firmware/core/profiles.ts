// Procedure profiles: the setpoint ranges, interlock limits and phase timers a session runs
// under. Every number is documented with its source in docs/profiles.md; they stay
// plain record fields so a site can review and change them in one place.

/** Procedure kinds: what the phases are. */
export const KIND_ILP = 0;
export const KIND_ILI = 1;
export const KIND_RLP = 2;

export interface Profile {
  id: string;
  kind: number;
  /** Flow setpoint range (hard limits) and default, mL/min; above the soft maximum `flow` needs `confirm`. */
  flowMinMlMin: number;
  flowMaxMlMin: number;
  flowSoftMaxMlMin: number;
  flowDefaultMlMin: number;
  /** Pump flow while priming the circuit, mL/min. */
  primeFlowMlMin: number;
  /** Perfusate temperature target range (hard) and default, degC; above the soft maximum `temp` needs `confirm`. 0 = not heated. */
  tempMinC: number;
  tempMaxC: number;
  tempSoftMaxC: number;
  tempDefaultC: number;
  /** Hard limits (interlocks). */
  tArtHighC: number;
  tTissueHighC: number;
  tWaterHighC: number;
  pArtHighMmHg: number;
  levelMinMl: number;
  /** Tourniquet cuff minimum, mmHg (CUFF_LOW); 0 = no monitored tourniquet. */
  cuffMinMmHg: number;
  /** Tourniquet time after which TOURNIQUET_TIME sounds, min (0 = none). */
  tourniquetMaxMin: number;
  /** Reservoir loss since perfusion began that raises LEAK, percent of the start volume; 0 = no recirculating reservoir. */
  leakLimitPct: number;
  /** Limb arterial pressure kept this far below systemic (p_sys), mmHg; 0 = no pressure servo. */
  pSysMarginMmHg: number;
  /** Pressure drop of the arterial cannula per mL/min, to estimate p_limb from p_art when no p_limb transducer is connected. */
  cannulaMmHgPerMlMin: number;
  /** Tissue temperature the warm-up waits for before the drug, degC (0 = no warm-up). */
  warmTissueC: number;
  /** Drug phase lengths, min (ILP: TNF then melphalan; ILI: one circulation). */
  drug1Min: number;
  drug2Min: number;
  /** Washout volume, mL (0 = none); equine RLP: the volume infused by default, mL, over infuseMin. */
  washoutMl: number;
  infuseMl: number;
  infuseMin: number;
  /** RLP: dwell under the tourniquet after the infusion, min. */
  dwellMin: number;
}

/**
 * The profiles, built when asked: only the active one stays in the interpreter's memory
 * (a record costs a couple of variables per field for as long as it is referenced).
 */
export function profileTable(): Profile[] {
  return [
    {
      id: 'ilp-leg', kind: KIND_ILP,
      flowMinMlMin: 100, flowMaxMlMin: 600, flowSoftMaxMlMin: 400, flowDefaultMlMin: 350, primeFlowMlMin: 300,
      tempMinC: 35, tempMaxC: 41, tempSoftMaxC: 40, tempDefaultC: 39.5,
      tArtHighC: 42, tTissueHighC: 41, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 200, cuffMinMmHg: 200, tourniquetMaxMin: 120, leakLimitPct: 10,
      pSysMarginMmHg: 15, cannulaMmHgPerMlMin: 0.27,
      warmTissueC: 38, drug1Min: 30, drug2Min: 60, washoutMl: 1000, infuseMl: 0, infuseMin: 0, dwellMin: 0,
    },
    {
      id: 'ilp-arm', kind: KIND_ILP,
      flowMinMlMin: 50, flowMaxMlMin: 350, flowSoftMaxMlMin: 200, flowDefaultMlMin: 120, primeFlowMlMin: 150,
      tempMinC: 35, tempMaxC: 41, tempSoftMaxC: 40, tempDefaultC: 39.5,
      tArtHighC: 42, tTissueHighC: 41, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 150, cuffMinMmHg: 150, tourniquetMaxMin: 120, leakLimitPct: 10,
      pSysMarginMmHg: 15, cannulaMmHgPerMlMin: 0.54,
      warmTissueC: 38, drug1Min: 30, drug2Min: 60, washoutMl: 1000, infuseMl: 0, infuseMin: 0, dwellMin: 0,
    },
    {
      id: 'ili', kind: KIND_ILI,
      flowMinMlMin: 20, flowMaxMlMin: 150, flowSoftMaxMlMin: 70, flowDefaultMlMin: 60, primeFlowMlMin: 50,
      tempMinC: 35, tempMaxC: 40, tempSoftMaxC: 39.5, tempDefaultC: 39,
      tArtHighC: 42, tTissueHighC: 40, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 30, cuffMinMmHg: 200, tourniquetMaxMin: 60, leakLimitPct: 10,
      pSysMarginMmHg: 0, cannulaMmHgPerMlMin: 1.9,
      warmTissueC: 38, drug1Min: 30, drug2Min: 0, washoutMl: 500, infuseMl: 0, infuseMin: 0, dwellMin: 0,
    },
    {
      id: 'rlp-equine', kind: KIND_RLP,
      flowMinMlMin: 2, flowMaxMlMin: 60, flowSoftMaxMlMin: 30, flowDefaultMlMin: 12, primeFlowMlMin: 10,
      tempMinC: 0, tempMaxC: 0, tempSoftMaxC: 0, tempDefaultC: 0,
      tArtHighC: 40, tTissueHighC: 40, tWaterHighC: 42,
      pArtHighMmHg: 300, levelMinMl: 5, cuffMinMmHg: 300, tourniquetMaxMin: 45, leakLimitPct: 0,
      pSysMarginMmHg: 0, cannulaMmHgPerMlMin: 5,
      warmTissueC: 0, drug1Min: 0, drug2Min: 0, washoutMl: 0, infuseMl: 60, infuseMin: 5, dwellMin: 30,
    },
  ];
}

/** The table, for the host's tests and tools. */
export const PROFILES: Profile[] = /*#__PURE__*/ profileTable();

/** The profile a board boots with, so the healthy command sequence needs no `protocol`. */
export const DEFAULT_PROFILE_ID = 'ilp-leg';

export function findProfile(id: string): Profile | undefined {
  const table = profileTable();
  for (let i = 0; i < table.length; i++) {
    if (table[i].id === id) return table[i];
  }
  return undefined;
}

/** The profile ids, in table order. */
export const PROFILE_IDS: string[] = /*#__PURE__*/ PROFILES.map((p) => p.id);

/** `a|b|c`: the ids for a usage or a refusal, from the table itself (built when asked: a command's error path). */
export function profileIds(): string {
  const table = profileTable();
  let ids = '';
  for (let i = 0; i < table.length; i++) ids += (i ? '|' : '') + table[i].id;
  return ids;
}
