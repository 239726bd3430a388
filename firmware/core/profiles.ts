// Procedure profiles: the setpoint ranges and interlock limits a session runs under.
// Numbers are interim defaults from the clinical literature summarised in README.md (Profiles);
// every one stays a plain record field so a site can review and change it in one place.

export interface Profile {
  id: string;
  /** Flow setpoint range and default, mL/min. */
  flowMinMlMin: number;
  flowMaxMlMin: number;
  flowDefaultMlMin: number;
  /** Pump flow while priming the circuit, mL/min. */
  primeFlowMlMin: number;
  /** Perfusate temperature target range and default, degC. */
  tempMinC: number;
  tempMaxC: number;
  tempDefaultC: number;
  /** Hard limits (interlocks). */
  tArtHighC: number;
  tTissueHighC: number;
  tWaterHighC: number;
  pArtHighMmHg: number;
  levelMinMl: number;
  /** Tourniquet cuff minimum, mmHg; 0 = the procedure has no monitored tourniquet. */
  cuffMinMmHg: number;
  /** Reservoir loss since perfusion began that raises LEAK, percent of the start volume. */
  leakLimitPct: number;
}

/**
 * The profiles, built when asked: only the active one stays in the interpreter's memory
 * (a record costs a couple of variables per field for as long as it is referenced).
 */
export function profileTable(): Profile[] {
  return [
    {
      id: 'ilp-leg',
      flowMinMlMin: 100, flowMaxMlMin: 600, flowDefaultMlMin: 350, primeFlowMlMin: 300,
      tempMinC: 35, tempMaxC: 41, tempDefaultC: 39.5,
      tArtHighC: 42, tTissueHighC: 41, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 200, cuffMinMmHg: 200, leakLimitPct: 10,
    },
    {
      id: 'ilp-arm',
      flowMinMlMin: 50, flowMaxMlMin: 350, flowDefaultMlMin: 120, primeFlowMlMin: 150,
      tempMinC: 35, tempMaxC: 41, tempDefaultC: 39.5,
      tArtHighC: 42, tTissueHighC: 41, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 150, cuffMinMmHg: 150, leakLimitPct: 10,
    },
    {
      id: 'ili',
      flowMinMlMin: 20, flowMaxMlMin: 150, flowDefaultMlMin: 60, primeFlowMlMin: 50,
      tempMinC: 35, tempMaxC: 40, tempDefaultC: 39,
      tArtHighC: 42, tTissueHighC: 40.5, tWaterHighC: 45,
      pArtHighMmHg: 300, levelMinMl: 30, cuffMinMmHg: 200, leakLimitPct: 10,
    },
    {
      id: 'rlp-equine',
      flowMinMlMin: 2, flowMaxMlMin: 60, flowDefaultMlMin: 12, primeFlowMlMin: 10,
      tempMinC: 20, tempMaxC: 38, tempDefaultC: 37,
      tArtHighC: 40, tTissueHighC: 40, tWaterHighC: 42,
      pArtHighMmHg: 600, levelMinMl: 5, cuffMinMmHg: 300, leakLimitPct: 20,
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

/** The profile ids, in table order (a test holds them to the table). */
export const PROFILE_IDS = ['ilp-leg', 'ilp-arm', 'ili', 'rlp-equine'];

export function profileIds(): string {
  return PROFILE_IDS.join('|');
}
