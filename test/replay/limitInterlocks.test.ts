// Every limit interlock of the table (firmware/core/interlocks.ts) through the bundle: a
// trace that crosses its limit trips it within the interface contract's bound, with its
// action seen on the pins; a trace held just inside the limit, with noise and with spikes
// shorter than the persistence time, never does. Limits of the default ilp-leg profile.
import { ReplayEvent } from '../../scripts/replay/replay';
import { hazardAlarms, of, pumpRunningAt, replayText } from '../helpers';

/** Seeded noise so every run is the same. */
function noise(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) / 4294967296 - 0.5) * 2;
  };
}

type Signals = Partial<Record<'p_art' | 'p_cuff' | 'level' | 't_art' | 't_prox' | 't_dist' | 't_water', (tS: number) => number>>;

const BASE = { p_art: 150, p_cuff: 300, level: 700, t_art: 38.5, t_prox: 38, t_dist: 37.8, t_water: 40 };
const NOISE = { p_art: 1.5, p_cuff: 1.5, level: 2, t_art: 0.02, t_prox: 0.02, t_dist: 0.02, t_water: 0.03 };
const COLUMNS = Object.keys(BASE) as (keyof typeof BASE)[];

/** 10 rows/s: perfusing from 1 s at the default 350 mL/min, each signal its nominal value with noise unless given. */
function trace(durationS: number, signals: Signals, seed = 3): string {
  const rand = noise(seed);
  const rows = [`t_ms,${COLUMNS.join(',')},cmd`];
  for (let i = 0; i <= durationS * 10; i++) {
    const tS = i / 10;
    const cells = COLUMNS.map((c) => {
      const f = signals[c];
      // Line pressure pulses with the rollers (two per revolution, about 10 rev/min).
      const base = c === 'p_art' ? BASE.p_art * (1 + 0.05 * Math.sin(2 * Math.PI * (20 / 60) * tS)) : BASE[c];
      return ((f ? f(tS) : base) + rand() * NOISE[c]).toFixed(c.startsWith('t_') ? 3 : 1);
    });
    rows.push(`${Math.round(tS * 1000)},${cells.join(',')},${i === 10 ? 'start' : ''}`);
  }
  return rows.join('\n') + '\n';
}

/** Time of the first row where `channel` is beyond `limit`. */
function firstBeyond(csv: string, channel: string, limit: number, above: boolean): number {
  const lines = csv.trim().split('\n');
  const col = lines[0].split(',').indexOf(channel);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const v = Number(cells[col]);
    if (above ? v > limit : v < limit) return Number(cells[0]);
  }
  throw new Error(`${channel} never crosses ${limit}`);
}

const heaterOffBy = (events: ReplayEvent[], fromMs: number, byMs: number) => {
  const last = of(events, 'heater').filter((e) => e.t <= byMs).pop();
  return last !== undefined && last.duty === 0 && of(events, 'heater').filter((e) => e.t > fromMs && e.t <= byMs && (e.duty as number) > 0).length === 0;
};

/** Ramps from the nominal value at rateS per second after startS, to `to`. */
const ramp = (from: number, to: number, startS: number, ratePerS: number) => (tS: number) =>
  tS < startS ? from : from < to ? Math.min(to, from + (tS - startS) * ratePerS) : Math.max(to, from - (tS - startS) * ratePerS);

describe.each([
  // id, channel, limit, above, bound ms, stops the pump, trip signal, near-miss signal
  ['P_ART_HIGH', 'p_art', 300, true, 500, true, ramp(150, 330, 20, 40), ramp(150, 288, 20, 40)],
  // From 260 mL: a fall from 700 would also be a leak.
  ['LEVEL_LOW', 'level', 200, false, 500, true, ramp(260, 150, 20, 20), ramp(215, 212, 20, 1)],
  ['CUFF_LOW', 'p_cuff', 200, false, 1000, true, ramp(300, 150, 20, 30), ramp(300, 212, 20, 30)],
  ['T_ART_HIGH', 't_art', 42, true, 2000, false, ramp(38.5, 42.6, 20, 0.3), ramp(38.5, 41.85, 20, 0.3)],
  ['T_TISSUE_HIGH', 't_prox', 41, true, 2000, false, ramp(38, 41.6, 20, 0.3), ramp(38, 40.85, 20, 0.3)],
  ['T_TISSUE_HIGH', 't_dist', 41, true, 2000, false, ramp(37.8, 41.6, 20, 0.3), ramp(37.8, 40.85, 20, 0.3)],
  ['T_WATER_HIGH', 't_water', 45, true, 2000, false, ramp(40, 45.8, 20, 0.5), ramp(40, 44.8, 20, 0.5)],
] as const)('%s on %s (limit %s)', (id, channel, limit, above, boundMs, stopsPump, trip, nearMiss) => {
  it('trips within its bound and takes its action', () => {
    const csv = trace(60, { [channel]: trip });
    const hazardMs = firstBeyond(csv, channel, limit, above);
    const r = replayText(csv);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.channel, e.limit])).toEqual([[id, channel, limit]]);
    const delay = raised[0].t - hazardMs;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(boundMs);
    // What showed the hazard: the reading beyond the limit.
    expect(above ? (raised[0].value as number) > limit : (raised[0].value as number) < limit).toBe(true);
    if (stopsPump) {
      expect(pumpRunningAt(r.events, hazardMs + boundMs)).toBe(false);
      expect(r.summary.final_state).toBe('FAULT');
    } else {
      expect(heaterOffBy(r.events, hazardMs + boundMs, 60000)).toBe(true);
      expect(pumpRunningAt(r.events, 59000)).toBe(true);
    }
  });

  it('stays silent just inside the limit, with noise' + (stopsPump ? ' and spikes shorter than its persistence' : ''), () => {
    let signal: (tS: number) => number = nearMiss;
    if (stopsPump) {
      // 100 ms spikes far beyond the limit every 7 s: one sample, never two in a row.
      const spike = above ? limit + 40 : limit - 60;
      signal = (tS) => (tS > 25 && Math.round(tS * 10) % 70 === 0 ? spike : nearMiss(tS));
    }
    const r = replayText(trace(60, { [channel]: signal }, 9));
    expect(hazardAlarms(r.events)).toEqual([]);
    expect(pumpRunningAt(r.events, 59000)).toBe(true);
  });
});

describe('latching', () => {
  it('T_*_HIGH clear by themselves once the temperature is back, without ack', () => {
    const up = ramp(38, 41.6, 10, 0.3);
    const r = replayText(trace(80, { t_prox: (tS) => (tS < 30 ? up(tS) : Math.max(38, 41.6 - (tS - 30) * 0.3)) }));
    const alarms = hazardAlarms(r.events).map((e) => [e.id, e.active]);
    expect(alarms).toEqual([['T_TISSUE_HIGH', true], ['T_TISSUE_HIGH', false]]);
    // The heater works again once it cleared (t_art 38.5 is below the 39.5 target).
    expect(of(r.events, 'heater').pop()!.duty).toBeGreaterThan(0);
  });

  it('P_ART_HIGH latches FAULT until ack with the pressure back, then a new start is accepted', () => {
    const rows = trace(40, { p_art: (tS) => (tS >= 10 && tS < 15 ? 320 : 150) }).trim().split('\n');
    // ack while still high (12 s), ack once back (20 s), start again (22 s).
    const withCmds = rows.map((line, i) => (i === 121 ? line + 'ack' : i === 201 ? line + 'ack' : i === 221 ? line + 'start' : line));
    const r = replayText(withCmds.join('\n') + '\n');
    expect(hazardAlarms(r.events).map((e) => [e.id, e.active])).toEqual([['P_ART_HIGH', true], ['P_ART_HIGH', false]]);
    expect(of(r.events, 'reply').map((e) => e.text)).toEqual(['ok start 350', 'err ack state P_ART_HIGH still present', 'ok ack', 'ok start 350']);
    expect(pumpRunningAt(r.events, 30000)).toBe(true);
  });
});

describe('LEAK', () => {
  it('reservoir falling more than 10% since perfusion began: medium alarm within 60 s, the pump goes on', () => {
    // From 700 mL, 2 mL/s from 20 s: 10% (70 mL) gone at 55 s.
    const csv = trace(120, { level: (tS) => (tS < 20 ? 700 : Math.max(560, 700 - (tS - 20) * 2)) });
    const hazardMs = firstBeyond(csv, 'level', 630, false);
    const r = replayText(csv);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.priority, e.channel])).toEqual([['LEAK', 'medium', 'level']]);
    expect(raised[0].t - hazardMs).toBeGreaterThanOrEqual(0);
    expect(raised[0].t - hazardMs).toBeLessThanOrEqual(60000);
    expect(pumpRunningAt(r.events, 119000)).toBe(true);
  });

  it('a fall of 8% and a dip to 17% for 10 s are no leak', () => {
    const fall = (tS: number) => (tS < 20 ? 700 : Math.max(644, 700 - (tS - 20) * 2));
    // The dip: down 60 mL over 2 s, 6 s there, back over 2 s (a plausible rate).
    const dip = (tS: number) => (tS < 70 || tS > 80 ? 0 : Math.min(60, (tS - 70) * 30, (80 - tS) * 30));
    const r = replayText(trace(120, { level: (tS) => fall(tS) - dip(tS) }));
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});
