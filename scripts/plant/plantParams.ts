// Parameters of the perfusion circuit's plant model, one set per procedure. Each number
// says where it comes from: "clinical" = the clinical literature summary this project
// started from (flows, volumes, temperatures, tourniquet pressures; docs/profiles.md),
// "ICD" = the interface contract's nominal trace values, or "estimate" with the reasoning
// that fixed it. The model is lumped: a handful of volumes and temperatures, enough for
// the firmware's controllers and interlocks to meet realistic dynamics, not a physiology
// simulator.

export type ProfileKind = 'ilp-leg' | 'ilp-arm' | 'ili' | 'rlp-equine';
export const PROFILE_KINDS: ProfileKind[] = ['ilp-leg', 'ilp-arm', 'ili', 'rlp-equine'];

export type TubingName = '1/4' | '3/8' | '1/2';

/**
 * Stroke volume per pump-head revolution of each tubing set in a 150 mm raceway
 * (clinical: about 15, 34 and 60 mL/rev; the bore's cross section times the raceway's
 * circumference gives 14.9, 33.6 and 59.7).
 */
export const STROKE_ML_PER_REV: Record<TubingName, number> = { '1/4': 15, '3/8': 34, '1/2': 60 };

/** One limb tissue compartment (proximal or distal) with its own thermal mass. */
export interface TissueParams {
  /** Mass that warms with the perfusate (well-perfused muscle), kg. */
  massKg: number;
  /** Share of the limb's perfusate flow through this compartment (the two sum to 1). */
  flowShare: number;
  /** Conduction toward the body core (through the limb's root), W/K. */
  coreWPerK: number;
  /** Loss through the skin to what surrounds the limb (room air or a warming blanket), W/K. */
  surroundWPerK: number;
}

export interface PlantParams {
  kind: ProfileKind;
  /** The flow the hydraulic resistances were designed around, mL/min (the profile's typical flow). */
  designFlowMlMin: number;
  /** Perfusate temperature a healthy session asks for (`temp`), degC. */
  tempSetC: number;

  // Roller pump and tubing.
  tubing: TubingName;
  strokeMlPerRev: number;
  rollersPerHead: number;
  /** Flow pulsation of the rollers, as a fraction of the mean flow (peak). */
  rollerPulsation: number;

  // Circuit and limb hydraulics: resistances in mmHg per mL/min, compliances in mL/mmHg.
  /** Pump outlet to the arterial cannula's tip: tubing, oxygenator, filter, cannula. */
  lineResistance: number;
  lineComplianceMlPerMmHg: number;
  /** Limb arterial bed to venous bed (the limb's vascular resistance). */
  limbResistance: number;
  arterialComplianceMlPerMmHg: number;
  venousComplianceMlPerMmHg: number;
  /** Limb venous bed to the reservoir (venous cannula and line); Infinity = no venous return. */
  venousResistance: number;
  /** The part of venousResistance between the venous pressure sensor and the reservoir. */
  venousLineResistance: number;
  /** Collaterals past the tourniquet, mL/min per mmHg: body arteries -> limb arterial bed, limb veins -> body veins. */
  collateralInCuffed: number;
  collateralOutCuffed: number;
  collateralInOpen: number;
  collateralOutOpen: number;
  /** Cuff pressure from which the tourniquet holds the collaterals at their cuffed conductance, mmHg. */
  cuffOccludesMmHg: number;
  cuffMmHg: number;
  /** Time constant of a cuff losing its pressure (fault), s. */
  cuffDeflateTauS: number;
  /** Patient's systemic mean arterial pressure (unless the scenario varies it) and central venous pressure, mmHg. */
  pSysMmHg: number;
  cvpMmHg: number;

  // Reservoir.
  reservoirMl: number;
  /** Below this volume the reservoir outlet draws air (vortex): the bubble detector sees it. */
  airEntrainMl: number;

  // Heat.
  heaterW: number;
  waterJPerK: number;
  waterLossWPerK: number;
  /** Heat exchanger, water to perfusate, W/K. */
  exchangerWPerK: number;
  /** Volumetric heat capacity of the perfusate, J/(mL K). */
  perfusateJPerMlK: number;
  /** Perfusate held between the reservoir outlet and the t_art probe (exchanger, arterial line), mL. */
  arterialHoldupMl: number;
  lineLossWPerK: number;
  reservoirLossWPerK: number;
  tissueJPerKgK: number;
  prox: TissueParams;
  dist: TissueParams;
  ambientC: number;
  /** What the limb's skin sees: a warming blanket or the room. */
  limbSurroundC: number;
  coreC: number;
  initialWaterC: number;
  initialPerfusateC: number;
  initialProxC: number;
  initialDistC: number;
}

/** Resistance that drops `mmHg` at `flowMlMin`, mmHg per mL/min: how the design points below read. */
export function drop(mmHg: number, flowMlMin: number): number {
  return mmHg / flowMlMin;
}

/** Water: 4.186 J/(g K), 1 g/mL. */
const WATER_J_PER_LK = 4186;

/**
 * The heater unit, common to the human circuits (estimates): an 800 W heater in a 4 L
 * insulated water tank (small perfusion heater units run 0.8-2 kW in 3-5 L), losing
 * 5 W/K to the room; an exchanger of 60 W/K, which at 350 mL/min passes
 * 60 / (60 + 22) = 73% of the water-perfusate difference (oxygenator exchangers reach
 * 0.4-0.6 at cardiac flows, more at low flows). With the firmware's interim gain of 0.5
 * duty per degC, 800 W makes a loop of 400 W/K against some 120 W of steady losses: the
 * perfusate settles about 0.3 degC under its setpoint and never overshoots (the two lags,
 * water ~4 min and the exchanger's hold-up ~5 s, are ten times apart: overdamped).
 */
const HUMAN_HEATER = {
  heaterW: 800,
  waterJPerK: 4 * WATER_J_PER_LK,
  waterLossWPerK: 5,
  exchangerWPerK: 60,
  // Blood at haematocrit 0.25-0.30: about 3.6 J/(g K) at 1.05 g/mL.
  perfusateJPerMlK: 3.8,
  arterialHoldupMl: 100,
  lineLossWPerK: 0.5,
  reservoirLossWPerK: 0.5,
  // Skeletal muscle: 3.4-3.8 J/(g K).
  tissueJPerKgK: 3500,
  // Operating room 20-24 degC.
  ambientC: 21,
  coreC: 37,
  // ICD: t_water and t_art nominal 37 (a primed, pre-warmed circuit).
  initialWaterC: 37,
  initialPerfusateC: 37,
};

/** Roller head common to all circuits: two rollers; their pulsation is an estimate (occlusive heads release a brief back-flow). */
const ROLLER_HEAD = { rollersPerHead: 2, rollerPulsation: 0.3 };

/**
 * ILP of a leg. Clinical: limb about 8.6 L, flow 300-400 mL/min (35-40 mL/L/min), prime
 * 700-800 mL, limb arterial pressure about 15 mmHg under the systemic mean (Fontijne
 * 1985), perfusate up to about 42 and tissue 38.5-40 degC reached in 10-20 min, tissue
 * above 41 toxic. Design point at 350 mL/min (estimates where not clinical): pump outlet
 * 160 mmHg (femoral cannula and oxygenator drop ~95 mmHg, as the bundled synthetic
 * session has it), limb arterial 65 (80 - 15), venous bed 6, venous line 3 (gravity
 * drainage keeps the venous side low). Thermal: muscle, about 45% of the limb's 9 kg,
 * does the warming (2.5 kg proximal, 1.5 kg distal); the limb is wrapped in a warming
 * blanket (38 degC), as ILP practice has it. Time constants at 350 mL/min: tissue about
 * 10 min, so tissue reaches 38.5 some 15 min after the perfusate is at 40.
 */
const ILP_LEG: PlantParams = {
  kind: 'ilp-leg',
  designFlowMlMin: 350,
  tempSetC: 40,
  tubing: '3/8',
  strokeMlPerRev: STROKE_ML_PER_REV['3/8'],
  ...ROLLER_HEAD,
  lineResistance: drop(160 - 65, 350),
  // Oxygenator housing, filter and tubing: a full occlusion at 350 mL/min climbs ~55 mmHg/s.
  lineComplianceMlPerMmHg: 0.1,
  limbResistance: drop(65 - 6, 350),
  arterialComplianceMlPerMmHg: 0.25,
  // Venous beds hold most of a limb's blood and are ten or more times as compliant.
  venousComplianceMlPerMmHg: 3,
  venousResistance: drop(6, 350),
  venousLineResistance: drop(3, 350),
  // Tourniquet on: at the design point about 0.5 mL/min of systemic blood seeps in (the
  // reservoir creeps up, as in a well-balanced perfusion); without it the veins' low
  // resistance lets perfusate out at several mL/min.
  collateralInCuffed: 0.03,
  collateralOutCuffed: 0.03,
  collateralInOpen: 0.3,
  collateralOutOpen: 2,
  cuffOccludesMmHg: 200,
  // ICD: p_cuff nominal 300.
  cuffMmHg: 300,
  cuffDeflateTauS: 5,
  // Anaesthetised mean arterial pressure 70-90.
  pSysMmHg: 80,
  cvpMmHg: 5,
  // ICD: level nominal 700; clinical prime 700-800.
  reservoirMl: 700,
  airEntrainMl: 30,
  ...HUMAN_HEATER,
  prox: { massKg: 2.5, flowShare: 0.6, coreWPerK: 1.0, surroundWPerK: 0.5 },
  dist: { massKg: 1.5, flowShare: 0.4, coreWPerK: 0.2, surroundWPerK: 0.5 },
  limbSurroundC: 38,
  // An anaesthetised limb runs cooler than the core, the distal part most.
  initialProxC: 35.5,
  initialDistC: 34,
};

/**
 * ILP of an arm. Clinical: limb about 2.5 L, 90-140 mL/min. Design point at 120 mL/min:
 * outlet 130 (a smaller cannula), limb 65, venous bed 5, venous line 2.5; compliances and
 * collaterals scaled by limb volume (2.5 / 8.6 ~ 0.3); muscle 1.1 kg; arm tourniquet 250.
 */
const ILP_ARM: PlantParams = {
  ...ILP_LEG,
  kind: 'ilp-arm',
  designFlowMlMin: 120,
  lineResistance: drop(130 - 65, 120),
  lineComplianceMlPerMmHg: 0.08,
  limbResistance: drop(65 - 5, 120),
  arterialComplianceMlPerMmHg: 0.08,
  venousComplianceMlPerMmHg: 0.9,
  venousResistance: drop(5, 120),
  venousLineResistance: drop(2.5, 120),
  collateralInCuffed: 0.01,
  collateralOutCuffed: 0.01,
  collateralInOpen: 0.1,
  collateralOutOpen: 0.6,
  cuffOccludesMmHg: 150,
  cuffMmHg: 250,
  prox: { massKg: 0.65, flowShare: 0.6, coreWPerK: 0.3, surroundWPerK: 0.3 },
  dist: { massKg: 0.45, flowShare: 0.4, coreWPerK: 0.1, surroundWPerK: 0.3 },
  initialProxC: 35,
  initialDistC: 33.5,
};

/**
 * ILI of a leg (percutaneous, low flow, no oxygenator). Clinical: flow 50-70 mL/min,
 * prime about 80 mL, drug once tissue is at 38, tissue at most 40. Design point at
 * 60 mL/min: 6 Fr arterial catheter drop ~115 mmHg (outlet 130), limb arterial 15 (the
 * leg's resistance at this flow), venous bed 4, line 2. Reservoir 150 mL (prime plus a
 * working volume). A smaller in-line exchanger (30 W/K, 50 mL). Tissue warms slowly at
 * this flow (tens of minutes): the limb is wrapped in a warm-air blanket.
 */
const ILI: PlantParams = {
  ...ILP_LEG,
  kind: 'ili',
  designFlowMlMin: 60,
  tempSetC: 39,
  tubing: '1/4',
  strokeMlPerRev: STROKE_ML_PER_REV['1/4'],
  lineResistance: drop(130 - 15, 60),
  lineComplianceMlPerMmHg: 0.02,
  limbResistance: drop(15 - 4, 60),
  venousResistance: drop(4, 60),
  venousLineResistance: drop(2, 60),
  reservoirMl: 150,
  airEntrainMl: 10,
  exchangerWPerK: 30,
  arterialHoldupMl: 50,
  initialProxC: 35,
  initialDistC: 33.5,
};

/**
 * Equine regional limb perfusion: antibiotic in 30-100 mL infused into a superficial
 * vein below a tourniquet of about 420 mmHg (at least systolic + 100), 60 mL over 5 min
 * (12 mL/min), then 30 min dwell. No venous return: the infusate stays in the distal
 * limb, whose veins fill (0.6 mL/mmHg in all, estimate: 60 mL raise it ~100 mmHg) and
 * seep past the tourniquet (pressure-driven, so a slower infusion leaks less, as the
 * clinical studies found). Butterfly catheter drop 5 mmHg per mL/min. The "reservoir" is
 * the infusate bag, 100 mL, at barn temperature. Horse core 38 degC, mean arterial
 * pressure about 100 standing sedated (estimate).
 */
const RLP_EQUINE: PlantParams = {
  ...ILP_LEG,
  kind: 'rlp-equine',
  designFlowMlMin: 12,
  tempSetC: 37,
  tubing: '1/4',
  strokeMlPerRev: STROKE_ML_PER_REV['1/4'],
  lineResistance: 5,
  lineComplianceMlPerMmHg: 0.01,
  limbResistance: 0.5,
  arterialComplianceMlPerMmHg: 0.1,
  venousComplianceMlPerMmHg: 0.5,
  venousResistance: Infinity,
  venousLineResistance: 0,
  collateralInCuffed: 0.005,
  collateralOutCuffed: 0.02,
  collateralInOpen: 0.3,
  collateralOutOpen: 1,
  cuffOccludesMmHg: 300,
  cuffMmHg: 420,
  pSysMmHg: 100,
  reservoirMl: 100,
  airEntrainMl: 2,
  exchangerWPerK: 30,
  arterialHoldupMl: 20,
  prox: { massKg: 3, flowShare: 0.5, coreWPerK: 0.5, surroundWPerK: 0.5 },
  dist: { massKg: 2, flowShare: 0.5, coreWPerK: 0.1, surroundWPerK: 1.0 },
  ambientC: 18,
  limbSurroundC: 18,
  coreC: 38,
  initialPerfusateC: 18,
  initialProxC: 33,
  initialDistC: 30,
};

const TABLE: Record<ProfileKind, PlantParams> = { 'ilp-leg': ILP_LEG, 'ilp-arm': ILP_ARM, ili: ILI, 'rlp-equine': RLP_EQUINE };

export function isProfileKind(name: string): name is ProfileKind {
  return (PROFILE_KINDS as string[]).includes(name);
}

/** The parameters of a procedure, with any overrides; a tubing override brings its stroke volume. */
export function plantParams(kind: ProfileKind, overrides: Partial<PlantParams> = {}): PlantParams {
  const base = TABLE[kind];
  if (!base) throw new Error(`unknown profile kind ${kind} (known: ${PROFILE_KINDS.join(', ')})`);
  const p: PlantParams = { ...base, ...overrides, prox: { ...base.prox, ...overrides.prox }, dist: { ...base.dist, ...overrides.dist } };
  if (overrides.tubing && overrides.strokeMlPerRev === undefined) p.strokeMlPerRev = STROKE_ML_PER_REV[overrides.tubing];
  if (Math.abs(p.prox.flowShare + p.dist.flowShare - 1) > 1e-9) throw new Error('tissue flow shares must sum to 1');
  return p;
}
