// What each field of a profile (firmware/core/profiles.ts) means, its unit, what a 0 or a
// code stands for, and where its numbers come from. docs/profiles.md is generated from
// these and the profile records themselves (scripts/docs/gen-docs.ts), so a value is
// written once, in the firmware.
import type { Profile } from '../../firmware/core/profiles';

export interface ProfileFieldDoc {
  field: keyof Profile;
  /** What the field is, after its name in the table's first column. */
  label: string;
  /** The unit after a number ('' for a name or a code). */
  unit: string;
  /** What a value stands for instead of a unit: 0 = "off", or a procedure's code. */
  notes?: Record<string, string>;
  /** The source of the numbers, or the reasoning behind a choice. */
  source: string;
}

export const PROFILE_FIELD_DOCS: ProfileFieldDoc[] = [
  {
    field: 'id',
    label: "profile name",
    unit: "",
    source:
      "The `protocol` command's argument (interface contract).",
  },
  {
    field: 'kind',
    label: "procedure, sets the phases",
    unit: "",
    notes: {"0": "ILP", "1": "ILI", "2": "RLP"},
    source:
      "ILP: warm-up, drug 1 (TNF), drug 2 (melphalan), washout. ILI: warm-up, one drug circulation, washout. RLP: infusion, dwell.",
  },
  {
    field: 'flowMinMlMin',
    label: "flow, hard minimum",
    unit: "mL/min",
    source:
      "Project's choice: refuses a mistyped setpoint; not a guard against hypoxia. Below 30 mL per litre of limb per minute the limb goes hypoxic (ILP literature): 258 mL/min for a leg, 75 for an arm; ILI runs hypoxic by design. RLP: below about 6 mL/min on 1/4 in tubing the encoder's pulses are too far apart for `PUMP_STALL` within its 2 s bound (see Encoder).",
  },
  {
    field: 'flowMaxMlMin',
    label: "flow, hard maximum",
    unit: "mL/min",
    source:
      "ILP: the top of the older texts' ranges (leg 400-600, arm 250-350 mL/min). ILI: project's choice, about twice the 50-70 mL/min of Sydney ILI. RLP: 60 mL in 1 min, the fastest rate equine RLP studies compared.",
  },
  {
    field: 'flowSoftMaxMlMin',
    label: "flow, soft maximum",
    unit: "mL/min",
    source:
      "Leg: the top of the 300-400 mL/min usually quoted for a leg. Arm: project's choice, above the 90-140 mL/min usually quoted for an arm and below the older texts' 250-350. ILI: the top of Sydney ILI's 50-70 mL/min. RLP: project's choice, 60 mL in 2 min; faster infusions leak more past the tourniquet (equine RLP studies).",
  },
  {
    field: 'flowDefaultMlMin',
    label: "flow, default setpoint",
    unit: "mL/min",
    source:
      "Beromun label: 35-40 mL per litre of limb per minute. Leg about 8.6 L -> 301-344 mL/min; 350 is 40.7 mL/L/min. Arm about 2.5 L -> 88-100 mL/min; 120 (48 mL/L/min) is within the 90-140 usually quoted but above the label's figure. Set the flow from the patient's measured limb volume. ILI: the middle of Sydney ILI's 50-70 mL/min. RLP: 60 mL over 5 min (equine RLP studies).",
  },
  {
    field: 'primeFlowMlMin',
    label: "flow while priming",
    unit: "mL/min",
    source:
      "Project's choice: close to the profile's default flow, to fill and de-air the circuit at the rate it will run; RLP slowly, a short line filled from the infusion bag.",
  },
  {
    field: 'tempMinC',
    label: "perfusate target, hard minimum",
    unit: "degC",
    notes: {"0": "not heated"},
    source:
      "Project's choice: the heated procedures aim at tissue of 38-40 degC; a lower target is refused as a mistake. RLP: not heated, the infusate runs at room temperature.",
  },
  {
    field: 'tempMaxC',
    label: "perfusate target, hard maximum",
    unit: "degC",
    notes: {"0": "not heated"},
    source:
      "ILP: perfusate at most about 42 degC, tissue not above 40 (ILP literature, Beromun label); 41 keeps the target 1 degC under the perfusate ceiling. ILI: tissue at most 40 degC (Sydney ILI).",
  },
  {
    field: 'tempSoftMaxC',
    label: "perfusate target, soft maximum",
    unit: "degC",
    notes: {"0": "not heated"},
    source:
      "ILP: the top of the label's tissue range for the melphalan phase, 39-40 degC (Beromun label); a hotter perfusate needs confirming. ILI: project's choice, 0.5 degC under its hard maximum.",
  },
  {
    field: 'tempDefaultC',
    label: "perfusate target, default",
    unit: "degC",
    notes: {"0": "not heated"},
    source:
      "ILP: project's choice of one setpoint for both drug phases, between the label's tissue ranges 38-39 degC (TNF) and 39-40 degC (melphalan). ILI: project's choice, 1 degC above the 38 degC the drug waits for.",
  },
  {
    field: 'tArtHighC',
    label: "`T_ART_HIGH`, perfusate",
    unit: "degC",
    source:
      "Heater off above it. ILP and ILI: perfusate at most about 42 degC (ILP literature). RLP: not heated; project's choice of a guard just above body temperature.",
  },
  {
    field: 'tTissueHighC',
    label: "`T_TISSUE_HIGH`, proximal or distal tissue",
    unit: "degC",
    source:
      "Heater off above it. ILP: tissue above 41 degC brings high regional toxicity (ILP literature); the treatment range ends at 40 (Beromun label): the interlock trips at the toxicity threshold, 1 degC above the treatment range. ILI: tissue at most 40 degC (Sydney ILI). RLP: not heated; project's guard.",
  },
  {
    field: 'tWaterHighC',
    label: "`T_WATER_HIGH`, exchanger water",
    unit: "degC",
    source:
      "Heater off above it. Project's choice: the water must run warmer than the perfusate to heat it; 45 degC allows 5 degC over a 40 degC perfusate and 3 over the 42 degC perfusate ceiling. RLP: not heated; a guard.",
  },
  {
    field: 'pArtHighMmHg',
    label: "`P_ART_HIGH`, pump outlet",
    unit: "mmHg",
    source:
      "Pump stopped above it. Project's choice: the top of the range AAMI BP22 specifies a blood pressure transducer over (-50 to +300 mmHg). The outlet reads the line and cannula drop too: about 160 mmHg for a leg at 350 mL/min, 130 for an arm at 120 and for ILI at 60, 60 for RLP at 12 (estimates, see `cannulaMmHgPerMlMin`); an occluded line passes 300 within seconds.",
  },
  {
    field: 'levelMinMl',
    label: "`LEVEL_LOW`, reservoir",
    unit: "mL",
    source:
      "Pump stopped below it. Project's choice, a fraction of the prime: leg about a quarter of the 700-800 mL prime (Beromun label), arm a fifth, ILI about a third of its 80 mL prime (Sydney ILI); RLP 5 mL left in the infusion bag. At the default flow that leaves 25-75 s of pumping. No higher than needed: a false level alarm that stops the pump is itself a hazard.",
  },
  {
    field: 'cuffMinMmHg',
    label: "`CUFF_LOW`, tourniquet cuff",
    unit: "mmHg",
    source:
      "Pump stopped below it while perfusing. Human profiles: project's choice of the pressure under which a thigh (200) or arm (150) cuff is no longer taken to isolate the limb; the cuff normally runs at 300 mmHg (the interface contract's nominal). RLP: 300 mmHg, the pressure used for cattle; equine pneumatic cuffs run at about 420 mmHg, at least systolic + 100 (equine RLP studies), so the alarm sits 120 mmHg under the usual equine setting.",
  },
  {
    field: 'tourniquetMaxMin',
    label: "`TOURNIQUET_TIME`",
    unit: "min",
    source:
      "ILP: tourniquet time at most 2 h (ILP literature). ILI: project's choice, the 30 min circulation plus warm-up and washout. RLP: project's choice, 5 min infusion + 30 min dwell (equine RLP studies) + 10 min margin.",
  },
  {
    field: 'leakLimitPct',
    label: "`LEAK`, reservoir fall since perfusion began",
    unit: "%",
    notes: {"0": "off"},
    source:
      "Medium alarm, the pump runs on. ILP: leakage kept below 10% (Beromun label). The label's figure is the radiolabelled share of the perfusate in the body; the firmware's is the reservoir's fall, a proxy: 10% of a 700 mL reservoir (70 mL) is less than 10% of all the perfusate (circuit and limb), and inflow from the body hides part of a leak; radiolabel monitoring stays the reference. ILI: the same, project's choice. RLP: 0, off: the \"reservoir\" is the infusion bag, which empties by design.",
  },
  {
    field: 'pSysMarginMmHg',
    label: "limb arterial pressure under systemic",
    unit: "mmHg",
    notes: {"0": "off"},
    source:
      "ILP: about 15 mmHg below the systemic mean arterial pressure (Fontijne 1985); a larger gap starves the tissue, a smaller one drives leakage. 0: no pressure servo. ILI is a low-flow, low-pressure circuit without matching (project's choice); RLP infuses into a vein, with no arterial circuit.",
  },
  {
    field: 'cannulaMmHgPerMlMin',
    label: "arterial line and cannula drop",
    unit: "mmHg per mL/min",
    source:
      "Project's estimate, used only without a `p_limb` transducer (limb pressure = `p_art` minus this x flow): the drop from the pump outlet to the cannula tip (tubing, oxygenator, filter, cannula) at the plant model's design points: leg 95 mmHg at 350 mL/min, arm 65 at 120 (smaller cannula), ILI 115 at 60 (6 Fr catheter), RLP 60 at 12 (butterfly catheter). Measure it for the site's cannulae: an error shifts the estimate by the error x the flow.",
  },
  {
    field: 'warmTissueC',
    label: "tissue the drug waits for",
    unit: "degC",
    notes: {"0": "none"},
    source:
      "ILP: TNF once the distal tissue is above 38 degC (Beromun label, 38-39). ILI: drug once the tissue reaches 38 degC (Sydney ILI). RLP: no warm-up.",
  },
  {
    field: 'drug1Min',
    label: "first drug phase",
    unit: "min",
    notes: {"0": "none"},
    source:
      "ILP: TNF alone for 30 min, then melphalan (Beromun label). ILI: one circulation of 30 min (Sydney ILI). RLP: the drug is the infusion.",
  },
  {
    field: 'drug2Min',
    label: "second drug phase",
    unit: "min",
    notes: {"0": "none"},
    source:
      "ILP: melphalan for 60 min, tissue above 39 and not above 40 degC, 90 min in all (Beromun label). ILI and RLP: one drug phase only.",
  },
  {
    field: 'washoutMl',
    label: "washout volume",
    unit: "mL",
    notes: {"0": "none"},
    source:
      "ILP: washout with about 1 L at the end (Beromun label). ILI: project's choice, half the ILP volume for the low-flow circuit; to be checked against the site's ILI protocol. RLP: none, the drug is meant to stay in the limb through the dwell.",
  },
  {
    field: 'infuseMl',
    label: "infused volume",
    unit: "mL",
    notes: {"0": "none"},
    source:
      "RLP: 60 mL, within the 30-100 mL the antibiotic is given in (equine RLP studies).",
  },
  {
    field: 'infuseMin',
    label: "infusion time",
    unit: "min",
    notes: {"0": "none"},
    source:
      "RLP: 60 mL over 5 min leaked less past the tourniquet than over 1 min (equine RLP studies): 12 mL/min, the default flow.",
  },
  {
    field: 'dwellMin',
    label: "dwell under the tourniquet",
    unit: "min",
    notes: {"0": "none"},
    source:
      "RLP: 30 min after the infusion, then the tourniquet comes off (equine RLP studies).",
  },
];
