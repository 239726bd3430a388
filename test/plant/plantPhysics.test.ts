// The plant model on its own (no firmware): the pump delivers steps x stroke volume, line
// pressures follow flow and resistance, the reservoir's volume balances with a leak and
// additions, temperatures approach their equilibria with the stated time constants, ILP
// warms tissue in a realistic time, and faults act exactly at their times.
import { PLANT_SENSORS, PLANT_SWITCHES, Plant, PlantScenario } from '../../scripts/plant/plant';
import { pressures } from '../../scripts/plant/plantHydraulics';
import { PlantParams, plantParams, PROFILE_KINDS } from '../../scripts/plant/plantParams';
import { initialThermal, stepThermal, thermalTimeConstants } from '../../scripts/plant/plantThermal';
import { PlantRecord } from '../../scripts/plant/plantRecord';
import { CELL_OPEN } from '../../scripts/replay/trace';

/** Pico and WiFi: 200 steps x 16 microsteps x gear 1 per head revolution. */
const STEPS_PER_REV = 3200;
const STEP_MS = 50;

function maxOf(values: Float64Array): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

function minOf(values: Float64Array): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

/** Step pulses per plant step for a flow. */
function stepsFor(p: PlantParams, flowMlMin: number): number {
  return ((flowMlMin / p.strokeMlPerRev) * STEPS_PER_REV * STEP_MS) / 60000;
}

/** Runs a plant at a constant flow and heater duty until untilMs, recording every step. */
function run(plant: Plant, untilMs: number, flowMlMin: number, duty = 0, record?: PlantRecord): void {
  const steps = stepsFor(plant.params, flowMlMin);
  while (plant.tMs < untilMs - 1e-9) {
    plant.advance(STEP_MS, { steps, heaterDutyMs: duty * STEP_MS });
    if (record) record.push(plant);
  }
}

/** Mean of a plant quantity over a window, sampled every step (a whole number of roller periods averages the pulsation out). */
function meanOver(plant: Plant, ms: number, flowMlMin: number, read: () => number): number {
  const end = plant.tMs + ms;
  let sum = 0;
  let n = 0;
  const steps = stepsFor(plant.params, flowMlMin);
  while (plant.tMs < end - 1e-9) {
    plant.advance(STEP_MS, { steps, heaterDutyMs: 0 });
    sum += read();
    n++;
  }
  return sum / n;
}

describe('roller pump', () => {
  it.each(PROFILE_KINDS)('%s: whole revolutions deliver exactly steps x stroke volume, rollers pulsing or not', (kind) => {
    for (const rollerPulsation of [0, 0.3]) {
      // A reservoir large enough for every set (the equine bag holds 100 mL).
      const plant = new Plant(plantParams(kind, { rollerPulsation, reservoirMl: 2000 }), {}, STEPS_PER_REV);
      // 10 head revolutions over 60 s.
      const stepsPerStep = (10 * STEPS_PER_REV) / (60000 / STEP_MS);
      for (let i = 0; i < 60000 / STEP_MS; i++) plant.advance(STEP_MS, { steps: stepsPerStep, heaterDutyMs: 0 });
      expect(plant.hydraulics.headRevs).toBeCloseTo(10, 9);
      expect(plant.hydraulics.pumpedMl).toBeCloseTo(10 * plant.params.strokeMlPerRev, 6);
    }
  });

  it('in steady state the flow through the line, the limb and back to the reservoir equals the pump flow', () => {
    const plant = new Plant(plantParams('ilp-leg'), {}, STEPS_PER_REV);
    run(plant, 300000, 350);
    const h = plant.hydraulics;
    const start = { pumped: h.pumpedMl, returned: h.returnedMl, toBody: h.toBodyMl };
    // 68 whole revolutions at 350 mL/min on 34 mL/rev: 396.34 s; take 400 s.
    run(plant, 700000, 350);
    const pumped = h.pumpedMl - start.pumped;
    expect(pumped / (400 / 60)).toBeCloseTo(350, 0);
    // Venous return is the pump flow less what the collaterals exchange with the body.
    expect(h.returnedMl - start.returned + (h.toBodyMl - start.toBody)).toBeCloseTo(pumped, 0);
  });

  it('a blocked head, a faulted driver or a cut supply (estop) delivers nothing whatever the step pulses', () => {
    for (const kind of ['stall', 'driver-fault', 'estop'] as const) {
      const plant = new Plant(plantParams('ilp-leg'), { faults: [{ kind, atMs: 0 }] }, STEPS_PER_REV);
      run(plant, 10000, 350);
      expect(plant.hydraulics.pumpedMl).toBe(0);
      expect(plant.hydraulics.headRevs).toBe(0);
    }
  });
});

describe('pressures', () => {
  const steadyMean = (params: PlantParams, flowMlMin: number, scenario: PlantScenario = {}) => {
    const plant = new Plant(params, scenario, STEPS_PER_REV);
    run(plant, 180000, flowMlMin);
    const read = (k: 'pArtMmHg' | 'pLimbMmHg' | 'pVenMmHg') => meanOver(plant, 60000, flowMlMin, () => pressures(params, plant.hydraulics)[k]);
    return { pArt: read('pArtMmHg'), pLimb: read('pLimbMmHg'), pVen: read('pVenMmHg') };
  };

  it('ILP leg at its design flow: outlet about 160, limb about 65 (15 under the systemic 80), venous line about 3 mmHg', () => {
    const p = steadyMean(plantParams('ilp-leg'), 350);
    expect(p.pArt).toBeGreaterThan(155);
    expect(p.pArt).toBeLessThan(165);
    expect(p.pLimb).toBeGreaterThan(62);
    expect(p.pLimb).toBeLessThan(68);
    expect(p.pVen).toBeGreaterThan(2.5);
    expect(p.pVen).toBeLessThan(3.5);
  });

  it.each(PROFILE_KINDS.filter((k) => k !== 'rlp-equine'))('%s: every pressure rises with flow, and the outlet with the line resistance', (kind) => {
    const params = plantParams(kind);
    const flows = [0.5, 1, 1.5].map((f) => f * params.designFlowMlMin);
    const means = flows.map((q) => steadyMean(params, q));
    for (let i = 1; i < means.length; i++) {
      expect(means[i].pArt).toBeGreaterThan(means[i - 1].pArt);
      expect(means[i].pLimb).toBeGreaterThan(means[i - 1].pLimb);
      expect(means[i].pVen).toBeGreaterThan(means[i - 1].pVen);
    }
    // Doubling the line's resistance adds its drop again: Q x R at the design flow.
    const q = params.designFlowMlMin;
    const doubled = steadyMean(params, q, { faults: [{ kind: 'occlusion', atMs: 0, value: 2 }] });
    expect(doubled.pArt - means[1].pArt).toBeCloseTo(q * params.lineResistance, -1);
    expect(doubled.pLimb).toBeCloseTo(means[1].pLimb, 0);
  });

  it('equine infusion: no venous return, the limb fills and its pressure climbs while infusing, then falls as it seeps out', () => {
    const plant = new Plant(plantParams('rlp-equine'), {}, STEPS_PER_REV);
    const rest = pressures(plant.params, plant.hydraulics).pLimbMmHg;
    run(plant, 300000, 12);
    const infused = pressures(plant.params, plant.hydraulics).pLimbMmHg;
    expect(infused).toBeGreaterThan(rest + 50);
    expect(plant.hydraulics.returnedMl).toBe(0);
    run(plant, 1200000, 0);
    expect(pressures(plant.params, plant.hydraulics).pLimbMmHg).toBeLessThan(infused - 20);
  });
});

describe('reservoir volume balance', () => {
  // No collaterals and no roller pulsation: the only exchange with the body is the leak,
  // and two steady states at the same flow hold the same stressed volumes.
  const params = plantParams('ilp-leg', { collateralInCuffed: 0, collateralOutCuffed: 0, collateralInOpen: 0, collateralOutOpen: 0, rollerPulsation: 0 });
  const scenario: PlantScenario = {
    faults: [{ kind: 'leak', atMs: 120000, untilMs: 240000, value: 50 }],
    additions: [{ atMs: 300000, volumeMl: 200, durationMs: 20000, tempC: 37 }],
  };

  it('accounts every mL: reservoir = start + returned + added - pumped; circuit = start + added - to the body', () => {
    const plant = new Plant(params, scenario, STEPS_PER_REV);
    const h = plant.hydraulics;
    const reservoir0 = h.reservoirMl;
    const circuit0 = h.reservoirMl + h.lineMl + h.arterialMl + h.venousMl;
    run(plant, 600000, 350);
    expect(h.reservoirMl).toBeCloseTo(reservoir0 + h.returnedMl + h.addedMl - h.pumpedMl, 6);
    expect(h.reservoirMl + h.lineMl + h.arterialMl + h.venousMl).toBeCloseTo(circuit0 + h.addedMl - h.toBodyMl, 6);
  });

  it('a 50 mL/min leak for 2 min and a 200 mL addition move the reservoir by -100 and +200 mL, within 0.1 mL', () => {
    const plant = new Plant(params, scenario, STEPS_PER_REV);
    run(plant, 110000, 350);
    const settled = plant.hydraulics.reservoirMl;
    run(plant, 290000, 350);
    expect(plant.hydraulics.toBodyMl).toBeGreaterThan(100 - 0.1);
    expect(plant.hydraulics.toBodyMl).toBeLessThan(100 + 0.1);
    expect(Math.abs(plant.hydraulics.reservoirMl - (settled - 100))).toBeLessThan(0.1);
    run(plant, 600000, 350);
    expect(Math.abs(plant.hydraulics.addedMl - 200)).toBeLessThan(0.1);
    expect(Math.abs(plant.hydraulics.reservoirMl - (settled + 100))).toBeLessThan(0.1);
  });

  it('a reservoir run nearly dry makes the pump draw air, which the bubble detector sees', () => {
    const plant = new Plant(plantParams('ilp-leg'), { faults: [{ kind: 'leak', atMs: 60000, value: 400 }] }, STEPS_PER_REV);
    const rec = new PlantRecord(4000);
    run(plant, 180000, 350, 0, rec);
    const airAt = rec.firstTime('bubble', (v) => v === 1);
    expect(airAt).toBeGreaterThan(60000);
    expect(rec.valueAt('reservoir_ml', airAt)).toBeLessThan(plant.params.airEntrainMl + 10);
  });
});

describe('heat', () => {
  const p = plantParams('ilp-leg');

  it('ILP leg time constants: water about 4 min, exchanger hold-up seconds, tissue about 10 min at 350 mL/min', () => {
    const tau = thermalTimeConstants(p, 350);
    expect(tau.waterS / 60).toBeGreaterThan(3);
    expect(tau.waterS / 60).toBeLessThan(6);
    expect(tau.arterialS).toBeGreaterThan(2);
    expect(tau.arterialS).toBeLessThan(10);
    for (const t of [tau.proxS, tau.distS]) {
      expect(t / 60).toBeGreaterThan(5);
      expect(t / 60).toBeLessThan(15);
    }
  });

  it('the water approaches its equilibrium with its stated time constant (perfusate side held)', () => {
    const s = initialThermal(p);
    const held = 38;
    const duty = 0.5;
    const eq = (duty * p.heaterW + p.exchangerWPerK * held + p.waterLossWPerK * p.ambientC) / (p.exchangerWPerK + p.waterLossWPerK);
    const tauMs = thermalTimeConstants(p, 0).waterS * 1000;
    const gap0 = s.waterC - eq;
    for (let t = 0; t < tauMs; t += STEP_MS) {
      s.arterialC = held;
      stepThermal(p, s, { heaterDuty: duty, pumpMlMin: 0, limbMlMin: 0, returnMlMin: 0, addMlMin: 0, addC: 37, reservoirMl: 700 }, Math.min(STEP_MS, tauMs - t));
    }
    expect((s.waterC - eq) / gap0).toBeCloseTo(Math.exp(-1), 3);
  });

  it.each(['proxC', 'distC'] as const)('%s approaches its equilibrium with its stated time constant (perfusate held at 40)', (key) => {
    const s = initialThermal(p);
    const tissue = key === 'proxC' ? p.prox : p.dist;
    const qWPerK = (350 / 60) * p.perfusateJPerMlK * tissue.flowShare;
    const eq = (qWPerK * 40 + tissue.coreWPerK * p.coreC + tissue.surroundWPerK * p.limbSurroundC) / (qWPerK + tissue.coreWPerK + tissue.surroundWPerK);
    const tau = thermalTimeConstants(p, 350);
    const tauMs = (key === 'proxC' ? tau.proxS : tau.distS) * 1000;
    const gap0 = s[key] - eq;
    for (let t = 0; t < tauMs; t += STEP_MS) {
      s.arterialC = 40;
      s.waterC = 40;
      stepThermal(p, s, { heaterDuty: 0, pumpMlMin: 0, limbMlMin: 350, returnMlMin: 0, addMlMin: 0, addC: 37, reservoirMl: 700 }, Math.min(STEP_MS, tauMs - t));
    }
    expect((s[key] - eq) / gap0).toBeCloseTo(Math.exp(-1), 3);
  });

  it('ILP leg under the firmware\'s interim control (duty 0.5 per degC under 40): tissue reaches 38.5 in 10-20 min, never 40; water stays under 45', () => {
    const plant = new Plant(p, {}, STEPS_PER_REV);
    const rec = new PlantRecord(90 * 1200);
    const steps = stepsFor(p, 350);
    while (plant.tMs < 90 * 60000) {
      const duty = Math.min(1, Math.max(0, 0.5 * (40 - plant.thermal.arterialC)));
      plant.advance(STEP_MS, { steps, heaterDutyMs: duty * STEP_MS });
      rec.push(plant);
    }
    for (const ch of ['t_prox', 't_dist']) {
      const reached = rec.firstTime(ch, (v) => v >= 38.5) / 60000;
      expect(reached).toBeGreaterThan(10);
      expect(reached).toBeLessThan(20);
      expect(maxOf(rec.column(ch))).toBeLessThan(40);
    }
    expect(maxOf(rec.column('t_water'))).toBeLessThan(45);
    // The perfusate holds within the firmware's heater-guard band (0.5 degC) once there.
    const settled = rec.column('t_art').subarray(rec.rowAt(5 * 60000));
    expect(minOf(settled)).toBeGreaterThan(39.5);
    expect(maxOf(settled)).toBeLessThan(40);
  });

  it('an addition mixes into the reservoir at its own temperature', () => {
    const plant = new Plant(p, { additions: [{ atMs: 0, volumeMl: 300, durationMs: 10000, tempC: 21 }] }, STEPS_PER_REV);
    run(plant, 10000, 0);
    // 700 mL at 37 and 300 mL at 21 make 1000 mL at 32.2 (the tank's slow loss aside); at
    // rest the collaterals' trickle still drains from the limb into the reservoir.
    expect(plant.thermal.reservoirC).toBeCloseTo((700 * 37 + 300 * 21) / 1000, 1);
    expect(plant.hydraulics.addedMl).toBeCloseTo(300, 9);
    expect(plant.hydraulics.reservoirMl).toBeCloseTo(1000 + plant.hydraulics.returnedMl, 6);
  });
});

describe('faults act at their times', () => {
  const faults: PlantScenario['faults'] = [
    { kind: 'air', atMs: 10000, untilMs: 12000 },
    { kind: 'sensor-open', channel: 't_art', atMs: 20000, untilMs: 30000 },
    { kind: 'heater-stuck-on', atMs: 40000, untilMs: 50000 },
    { kind: 'occlusion', atMs: 60000, untilMs: 70000 },
    { kind: 'leak', atMs: 80000, untilMs: 90000, value: 100 },
    { kind: 'cuff-deflation', atMs: 100000, untilMs: 130000 },
    { kind: 'estop', atMs: 140000, untilMs: 141000 },
    { kind: 'lid', atMs: 150000, untilMs: 151000 },
    { kind: 'driver-fault', atMs: 160000, untilMs: 161000 },
    { kind: 'stall', atMs: 170000, untilMs: 171000 },
  ];
  const plant = new Plant(plantParams('ilp-leg'), { faults }, STEPS_PER_REV);
  const rec = new PlantRecord(4000);
  rec.push(plant);
  run(plant, 180000, 350, 0.2, rec);
  const at = (name: string, tMs: number) => rec.valueAt(name, tMs);

  it('lists its fault times as step boundaries for the runner', () => {
    const times = plant.eventTimes();
    for (const f of faults!) {
      expect(times).toContain(f.atMs);
      expect(times).toContain(f.untilMs);
    }
  });

  it.each([
    ['bubble', 10000, 12000], ['estop', 140000, 141000], ['lid', 150000, 151000], ['drv_fault', 160000, 161000],
    ['stall', 140000, 141000], ['stall', 160000, 161000], ['stall', 170000, 171000],
  ])('%s switches to 1 at %d ms and back at %d ms', (name, from, until) => {
    expect(at(name, from - STEP_MS)).toBe(0);
    expect(at(name, from)).toBe(1);
    expect(at(name, until - STEP_MS)).toBe(1);
    expect(at(name, until)).toBe(0);
  });

  it('an open lead presents the open rail from its time to its end', () => {
    expect(at('t_art', 20000 - STEP_MS)).not.toBe(CELL_OPEN);
    expect(at('t_art', 20000)).toBe(CELL_OPEN);
    expect(at('t_art', 30000 - STEP_MS)).toBe(CELL_OPEN);
    expect(at('t_art', 30000)).not.toBe(CELL_OPEN);
  });

  it('a stuck heater heats at full power from its time, whatever the pins say', () => {
    expect(at('heater_duty', 40000)).toBeCloseTo(0.2, 9);
    expect(at('heater_duty', 40000 + STEP_MS)).toBe(1);
    expect(at('heater_duty', 50000)).toBe(1);
    expect(at('heater_duty', 50000 + STEP_MS)).toBeCloseTo(0.2, 9);
  });

  it('an occlusion raises the outlet pressure from its time, not before', () => {
    const before = at('p_art', 60000);
    expect(at('p_art', 60000 + 1000)).toBeGreaterThan(before + 30);
    expect(at('p_art', 70000)).toBeGreaterThan(before + 200);
  });

  it('a leak takes its flow from the limb from its time', () => {
    expect(at('to_body_ml_min', 80000)).toBeLessThan(1);
    expect(at('to_body_ml_min', 80000 + STEP_MS)).toBeGreaterThan(99);
    expect(at('to_body_ml_min', 90000 + STEP_MS)).toBeLessThan(1);
  });

  it('a deflating cuff loses its pressure with its time constant from its time', () => {
    const p = plant.params;
    expect(at('p_cuff', 100000)).toBe(p.cuffMmHg);
    expect(at('p_cuff', 100000 + p.cuffDeflateTauS * 1000)).toBeCloseTo(p.cuffMmHg * Math.exp(-1), 0);
  });

  it('the head stops turning while blocked, and the flow resumes after', () => {
    const revs = (t: number) => at('head_revs', t);
    expect(revs(171000) - revs(170000)).toBe(0);
    expect(revs(172000) - revs(171000)).toBeGreaterThan(0.1);
  });

  it('presents every channel and switch the trace format names', () => {
    for (const name of [...PLANT_SENSORS, ...PLANT_SWITCHES]) expect(rec.has(name)).toBe(true);
  });
});

describe('systemic pressure input', () => {
  it('follows steps plus a slow sine', () => {
    const plant = new Plant(plantParams('ilp-leg'), { pSys: { meanMmHg: 80, amplitudeMmHg: 10, periodMs: 400000, steps: [{ tMs: 200000, mmHg: 60 }] } }, STEPS_PER_REV);
    expect(plant.pSysAt(0)).toBe(80);
    expect(plant.pSysAt(100000)).toBeCloseTo(90, 9);
    expect(plant.pSysAt(300000)).toBeCloseTo(50, 9);
    expect(plant.eventTimes()).toContain(200000);
  });

  it('an unplugged optional transducer presents an open lead', () => {
    const plant = new Plant(plantParams('ilp-leg'), { connected: { p_sys: false } }, STEPS_PER_REV);
    const values = plant.sensorValues(new Float64Array(PLANT_SENSORS.length));
    expect(values[PLANT_SENSORS.indexOf('p_sys')]).toBe(CELL_OPEN);
    expect(values[PLANT_SENSORS.indexOf('p_limb')]).not.toBe(CELL_OPEN);
  });
});
