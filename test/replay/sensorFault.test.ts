// SENSOR_FAULT through the bundle: an open or shorted sensor on each wired channel names
// that channel within the 2 s bound, withholds its reading (telemetry null) and takes the
// channel's action: a temperature fault turns the heater off, a pressure or level fault
// stops the pump. A noisy healthy session raises none (see interlocks.test.ts).
import { HEALTHY_CMDS, ilpLegSession } from '../../scripts/replay/synth-trace';
import { externalSampleMs, of, pumpRunningAt, replayText, hazardAlarms } from '../helpers';

const BOUND_MS = 2000;
const HAZARD_S = 120;
const TEMPERATURES = ['t_art', 't_prox', 't_dist', 't_water'];
const PUMP_STOPPERS = ['p_art', 'p_ven', 'p_cuff', 'level'];
/**
 * A fault cell on the side of a limit reads beyond that limit too (over range is over the
 * limit): the limit's own alarm is raised as well, first, and SENSOR_FAULT joins it. A
 * short saturates a transducer high and a thermistor low (hot); an open lead reads low.
 */
const LIMIT_ALARM: Record<string, Partial<Record<'open' | 'short', string>>> = {
  p_art: { short: 'P_ART_HIGH' }, p_ven: {}, level: { open: 'LEVEL_LOW' },
  // CUFF_LOW is armed while perfusing: SENSOR_FAULT's FAULT, on the same tick, disarms it.
  p_cuff: {},
  t_art: { short: 'T_ART_HIGH' }, t_prox: { short: 'T_TISSUE_HIGH' }, t_dist: { short: 'T_TISSUE_HIGH' }, t_water: { short: 'T_WATER_HIGH' },
};

function faultTrace(channel: string, cell: 'open' | 'short'): string {
  return ilpLegSession({
    file: `${channel}-${cell}.csv`, note: `${channel} ${cell} at ${HAZARD_S} s`, durationS: 135, rowHz: 10, seed: 11,
    cmds: HEALTHY_CMDS, hazard: (tS) => (tS >= HAZARD_S ? { [channel]: cell } : {}),
  });
}

describe.each(TEMPERATURES.concat(PUMP_STOPPERS))('%s', (channel) => {
  it.each(['open', 'short'] as const)('%s: SENSOR_FAULT names the channel within 2 s and acts', (cell) => {
    const r = replayText(faultTrace(channel, cell));
    const hazardMs = HAZARD_S * 1000;
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    const limit = LIMIT_ALARM[channel][cell];
    const expected: unknown[][] = [['SENSOR_FAULT', 'high', channel, cell]];
    if (limit) expected.push([limit, 'high', channel, undefined]);
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(raised.map((e) => [e.id, e.priority, e.channel, e.cause]).sort(byId)).toEqual(expected.sort(byId));
    for (const e of raised) {
      expect(e.t - hazardMs).toBeGreaterThanOrEqual(0);
      expect(e.t - hazardMs).toBeLessThanOrEqual(BOUND_MS);
    }
    // The limit's alarm stays active while the reading is beyond it.
    if (limit) expect(of(r.events, 'alarm').filter((e) => e.id === limit && e.active === false)).toEqual([]);
    const after = of(r.events, 'telemetry').filter((e) => e.t > hazardMs + 200);
    expect(after.length).toBeGreaterThan(5);
    for (const e of after) expect(e[channel]).toBeNull();
    const before = of(r.events, 'telemetry').filter((e) => e.t < hazardMs).pop()!;
    expect(typeof before[channel]).toBe('number');
    const heaterAfter = of(r.events, 'heater').filter((e) => e.t >= hazardMs);
    if (TEMPERATURES.includes(channel)) {
      expect(heaterAfter[0]).toMatchObject({ duty: 0 });
      expect(heaterAfter[0].t - hazardMs).toBeLessThanOrEqual(BOUND_MS);
      expect(heaterAfter.filter((e) => (e.duty as number) > 0)).toEqual([]);
      expect(pumpRunningAt(r.events, 134000)).toBe(true);
    } else {
      expect(pumpRunningAt(r.events, hazardMs + BOUND_MS)).toBe(false);
      expect(pumpRunningAt(r.events, 134000)).toBe(false);
      expect(r.summary.final_state).toBe('FAULT');
    }
  });
});

describe('SENSOR_FAULT latching', () => {
  it('stays raised after the probe is reconnected, until ack; ack is refused while it is still open', () => {
    const csv = 't_ms,t_art,cmd\n0,37,\n1000,,start\n5000,open,\n6000,,ack\n7000,37.2,\n8000,,ack\n9000,,status\n';
    const r = replayText(csv);
    const alarms = hazardAlarms(r.events).map((e) => [e.t, e.active, e.channel]);
    // Thermistors are sampled on thermal ticks, every 400 ms (200, 600, ... 5000): out of
    // limits at 5000, 5400, 5800 -> raised on the third, once the tick's external
    // conversions are in.
    expect(alarms).toEqual([[5800 + externalSampleMs(), true, 't_art'], [8000, false, 't_art']]);
    expect(of(r.events, 'reply').map((e) => e.text).slice(1, 3)).toEqual(['err ack state SENSOR_FAULT still present', 'ok ack']);
  });

  it('a spike shorter than three control ticks is filtered out', () => {
    const csv = 't_ms,p_art,cmd\n0,0,\n1000,,start\n5050,short,\n5150,80,\n9000,,\n';
    const r = replayText(csv);
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe('implausible readings', () => {
  it('a tissue probe that falls from 37 to 28 degC in a moment (pulled out) is a SENSOR_FAULT', () => {
    const csv = 't_ms,t_dist,cmd\n0,37,\n1000,,start\n20000,28,\n30000,,\n';
    const r = replayText(csv);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.channel, e.cause])).toEqual([['SENSOR_FAULT', 't_dist', 'implausible']]);
    expect(raised[0].t - 20000).toBeLessThanOrEqual(2000);
    // A temperature channel: the heater goes off, perfusion goes on.
    expect(pumpRunningAt(r.events, 29000)).toBe(true);
  });

  it('a one-sample spike, steady heating and a falling reservoir are not', () => {
    const rows = ['t_ms,t_art,t_water,level,cmd', '0,36,37,700,', '1000,,,,start', '20000,45,,,', '20100,36,,,'];
    // The reservoir falls 5 mL/s for 12 s (60 mL, under the leak limit of 10%).
  for (let s = 30; s <= 90; s++) rows.push(`${s * 1000},${(36 + (s - 30) * 0.05).toFixed(2)},${(37 + (s - 30) * 0.1).toFixed(2)},${700 - Math.min(s - 30, 12) * 5},`);
    const r = replayText(rows.join('\n') + '\n');
    expect(hazardAlarms(r.events)).toEqual([]);
  });
});

describe('stuck signals', () => {
  it('a transducer output frozen at one raw value for 60 s is a SENSOR_FAULT (stuck); live noisy channels are not', () => {
    // pin:A4 (p_art) presents an exact raw value with no converter noise: a frozen amplifier.
    const csv = 't_ms,pin:A4,cmd\n0,0.25,\n1000,,start\n90000,,\n';
    const r = replayText(csv);
    const raised = hazardAlarms(r.events).filter((e) => e.active === true);
    expect(raised.map((e) => [e.id, e.channel, e.cause])).toEqual([['SENSOR_FAULT', 'p_art', 'stuck']]);
    // Checked once a second: the first check at 1 s takes the reference, the 60th after
    // it finds the value unchanged.
    expect(raised[0].t).toBe(61000 + externalSampleMs());
    expect(pumpRunningAt(r.events, raised[0].t)).toBe(false);
  });

  it('a 20-minute session with constant nominal values (absent columns) is not stuck', () => {
    const r = replayText('t_ms,cmd\n0,\n1000,start\n1200000,\n');
    expect(hazardAlarms(r.events).filter((e) => e.id === 'SENSOR_FAULT')).toEqual([]);
    // The heater, full on toward 39.5 degC, never warms the 37 degC of the trace: after
    // 5 minutes its runaway guard calls it dead (no rise) and turns it off.
    expect(hazardAlarms(r.events).map((e) => [e.id, e.cause, e.active])).toEqual([['HEATER_FAULT', 'no-rise', true]]);
    const tripMs = hazardAlarms(r.events)[0].t;
    expect(tripMs - 1000).toBeGreaterThanOrEqual(300000);
    expect(tripMs - 1000).toBeLessThanOrEqual(300400);
    expect(of(r.events, 'heater').pop()).toMatchObject({ t: tripMs, duty: 0 });
    expect(pumpRunningAt(r.events, 1199000)).toBe(true);
  });
});
