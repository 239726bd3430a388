// Writes the synthetic traces bundled under test/traces/. Deterministic (seeded noise), so
// the files can be regenerated and reviewed:  tsx scripts/replay/synth-trace.ts
// Every file says `# source: synthetic`: none of them was recorded on a patient.

import fs from 'node:fs';
import path from 'node:path';
import { rng } from './rng';

const OUT_DIR = path.resolve(__dirname, '..', '..', 'test', 'traces');

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** First-order approach from `from` to `to` with time constant tauS, starting at t0S. */
function approach(tS: number, t0S: number, from: number, to: number, tauS: number): number {
  if (tS <= t0S) return from;
  return to + (from - to) * Math.exp(-(tS - t0S) / tauS);
}

export interface SessionPlan {
  file: string;
  note: string;
  durationS: number;
  rowHz: number;
  seed: number;
  cmds: { tS: number; cmd: string }[];
  /** Extra columns per row: return cell values to override (e.g. a hazard). */
  hazard?: (tS: number) => Record<string, string | number>;
  extraColumns?: string[];
}

const COLUMNS = ['t_ms', 'p_art', 'p_ven', 'p_cuff', 't_art', 't_prox', 't_dist', 't_water', 'level', 'bubble', 'estop', 'lid', 'drv_fault', 'cmd'];

/** A healthy ILP-leg session: zero at rest, prime, perfuse at 350 mL/min, warm to 40 degC, stop. */
export function ilpLegSession(plan: SessionPlan): string {
  const rand = rng(plan.seed);
  const columns = COLUMNS.concat(plan.extraColumns ?? []);
  const lines = [
    '# protocol: ilp-leg',
    '# board: pico',
    '# source: synthetic',
    `# note: ${plan.note}`,
    columns.join(','),
  ];
  const cmdAt = new Map<number, string>();
  for (const c of plan.cmds) cmdAt.set(Math.round(c.tS * plan.rowHz), c.cmd);
  const startS = plan.cmds.find((c) => c.cmd === 'prime')?.tS ?? 60;
  const stopS = plan.cmds.find((c) => c.cmd === 'stop')?.tS ?? plan.durationS;
  const rows = Math.round(plan.durationS * plan.rowHz);
  for (let i = 0; i < rows; i++) {
    const tS = i / plan.rowHz;
    const pumping = tS >= startS && tS < stopS;
    // Roller pulsatility: two rollers, about 10 rev/min at 350 mL/min, +-7.5% of the mean.
    const meanArt = pumping ? approach(tS, startS, 0, 160, 8) : 0;
    const pArt = meanArt * (1 + 0.075 * Math.sin(2 * Math.PI * (20 / 60) * tS));
    const pVen = pumping ? approach(tS, startS, 0, 8, 8) : 0;
    const heatS = startS + 30;
    const tArt = approach(tS, heatS, 36.2, 40.2, 300);
    const tProx = approach(tS, heatS + 60, 35.4, 39.4, 420);
    const tDist = approach(tS, heatS + 90, 34.8, 38.9, 480);
    const tWater = approach(tS, heatS, 37, 41.5, 120);
    const level = 760 - (pumping ? 0.004 * (tS - startS) : 0);
    const row: Record<string, string | number> = {
      t_ms: Math.round(tS * 1000),
      p_art: (pArt + gaussian(rand) * 0.8).toFixed(1),
      p_ven: (pVen + gaussian(rand) * 0.5).toFixed(1),
      p_cuff: (300 + gaussian(rand) * 1.5).toFixed(1),
      t_art: (tArt + gaussian(rand) * 0.02).toFixed(3),
      t_prox: (tProx + gaussian(rand) * 0.02).toFixed(3),
      t_dist: (tDist + gaussian(rand) * 0.02).toFixed(3),
      t_water: (tWater + gaussian(rand) * 0.03).toFixed(3),
      level: (level + gaussian(rand) * 2).toFixed(1),
      bubble: 0,
      estop: 0,
      lid: 0,
      drv_fault: 0,
      cmd: cmdAt.get(i) ?? '',
    };
    if (plan.hazard) Object.assign(row, plan.hazard(tS));
    lines.push(columns.map((c) => row[c] ?? '').join(','));
  }
  return lines.join('\n') + '\n';
}

export const HEALTHY_CMDS = [
  { tS: 5, cmd: 'protocol ilp-leg' },
  { tS: 10, cmd: 'zero' },
  { tS: 20, cmd: 'prime' },
  { tS: 60, cmd: 'start' },
  { tS: 65, cmd: 'flow 350' },
  { tS: 70, cmd: 'temp 40' },
];

export function defaultTraces(): Record<string, string> {
  return {
    'ilp-leg-default.csv': ilpLegSession({
      file: 'ilp-leg-default.csv',
      note: 'healthy 20-minute ILP leg session: zero at rest, prime, perfuse 350 mL/min, warm to 40 degC, stop',
      durationS: 1200, rowHz: 10, seed: 1,
      cmds: HEALTHY_CMDS.concat([{ tS: 1190, cmd: 'stop' }]),
    }),
    'air-in-line.csv': ilpLegSession({
      file: 'air-in-line.csv',
      note: 'air detector sees a bubble at t=150 s for 0.3 s while perfusing; ack at 170 s, start at 180 s',
      durationS: 200, rowHz: 50, seed: 2,
      cmds: HEALTHY_CMDS.concat([{ tS: 160, cmd: 'start' }, { tS: 170, cmd: 'ack' }, { tS: 180, cmd: 'start' }]),
      hazard: (tS) => ({ bubble: tS >= 150 && tS < 150.3 ? 1 : 0 }),
    }),
    'estop.csv': ilpLegSession({
      file: 'estop.csv',
      note: 'emergency stop pressed at t=120 s while perfusing and heating, released at 125 s; ack refused while pressed (122 s), accepted at 130 s, start at 140 s',
      durationS: 160, rowHz: 50, seed: 3,
      cmds: HEALTHY_CMDS.concat([{ tS: 122, cmd: 'ack' }, { tS: 130, cmd: 'ack' }, { tS: 140, cmd: 'start' }]),
      hazard: (tS) => ({ estop: tS >= 120 && tS < 125 ? 1 : 0 }),
    }),
    'lid-open.csv': ilpLegSession({
      file: 'lid-open.csv',
      note: 'pump-head lid opened at t=8 s while idle (loading tubing: no alarm), closed at 9 s; opened again at t=120 s while perfusing; closed at 121 s, ack at 130 s, start at 140 s',
      durationS: 160, rowHz: 50, seed: 4,
      cmds: HEALTHY_CMDS.concat([{ tS: 130, cmd: 'ack' }, { tS: 140, cmd: 'start' }]),
      hazard: (tS) => ({ lid: (tS >= 8 && tS < 9) || (tS >= 120 && tS < 121) ? 1 : 0 }),
    }),
    'driver-fault.csv': ilpLegSession({
      file: 'driver-fault.csv',
      note: 'stepper driver reports a fault from t=120 s to 125 s while perfusing; ack at 130 s, start at 140 s',
      durationS: 160, rowHz: 50, seed: 5,
      cmds: HEALTHY_CMDS.concat([{ tS: 130, cmd: 'ack' }, { tS: 140, cmd: 'start' }]),
      hazard: (tS) => ({ drv_fault: tS >= 120 && tS < 125 ? 1 : 0 }),
    }),
    'pump-stall.csv': ilpLegSession({
      file: 'pump-stall.csv',
      note: 'pump head blocked (encoder sees no rotation) from t=120 s to 125 s while perfusing; ack at 130 s, start at 140 s',
      durationS: 160, rowHz: 50, seed: 6, extraColumns: ['stall'],
      cmds: HEALTHY_CMDS.concat([{ tS: 130, cmd: 'ack' }, { tS: 140, cmd: 'start' }]),
      hazard: (tS) => ({ stall: tS >= 120 && tS < 125 ? 1 : 0 }),
    }),
  };
}

if (require.main === module) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, text] of Object.entries(defaultTraces())) {
    fs.writeFileSync(path.join(OUT_DIR, name), text);
    process.stdout.write(`wrote test/traces/${name} (${text.length} bytes)\n`);
  }
}
