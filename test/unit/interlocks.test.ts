// The interlock engine on the pure core: persistence, arming by state, the raw-count
// check that a wrong conversion cannot defeat, rows of one alarm, drop rows, and that a
// sensor's own fault range is left to the sensor checks.
import fc from 'fast-check';
import { A_CUFF_LOW, A_LEAK, A_LEVEL_LOW, A_P_ART_HIGH, A_T_TISSUE_HIGH } from '../../firmware/core/alarms';
import { CHANNEL_COUNT, CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_T_DIST, CH_T_PROX } from '../../firmware/core/channels';
import {
  ARMED_IDLE, ARMED_PERFUSING, ARMED_PRIMING, ARMED_FAULT, INTERLOCK_ROWS, InterlockEngine, InterlockSink,
} from '../../firmware/core/interlocks';
import { PROFILES, Profile } from '../../firmware/core/profiles';

const LEG = PROFILES[0];

/** Raw = reading / 1000 for every channel (a linear front end rising with the value). */
const linearRaw = (_channel: number, value: number) => value / 1000;

function rig(profile: Profile = LEG, rawAt = linearRaw) {
  const engine = new InterlockEngine();
  engine.setLimits(profile, rawAt);
  const readings = new Float64Array(CHANNEL_COUNT).fill(NaN);
  const raw = new Float64Array(CHANNEL_COUNT).fill(NaN);
  const rawLow = new Float64Array(CHANNEL_COUNT).fill(0.001);
  const rawHigh = new Float64Array(CHANNEL_COUNT).fill(0.999);
  const log: string[] = [];
  const sink: InterlockSink = {
    trip: (row, t, r, v, limit) => log.push(`${t} trip ${INTERLOCK_ROWS[row].alarm}/${INTERLOCK_ROWS[row].channel} raw=${r} value=${v} limit=${limit}`),
    gone: (alarm) => log.push(`gone ${alarm}`),
  };
  // Healthy values everywhere.
  const set = (ch: number, value: number, rawValue = rawAt(ch, value)) => {
    readings[ch] = value;
    raw[ch] = rawValue;
  };
  set(CH_P_ART, 150);
  set(CH_LEVEL, 700);
  set(CH_P_CUFF, 300);
  for (const ch of [5, 6, 7, 8]) set(ch, 38);
  const tick = (t: number, state = ARMED_PERFUSING) => engine.evaluate(readings, raw, rawLow, rawHigh, state, t, sink);
  return { engine, readings, raw, rawLow, rawHigh, log, set, tick };
}

describe('interlock engine', () => {
  it('trips after the persistence time, not before, and reports what showed the hazard', () => {
    const r = rig();
    r.tick(0);
    r.set(CH_P_ART, 320);
    r.tick(200);
    expect(r.log).toEqual([]);
    r.tick(300);
    expect(r.log).toEqual([]);
    r.tick(400);
    expect(r.log).toEqual([`400 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.32 value=320 limit=300`]);
    r.tick(600);
    expect(r.log.length).toBe(1);
  });

  it('a hazard that goes away before its persistence time restarts the count', () => {
    const r = rig();
    r.set(CH_P_ART, 320);
    r.tick(0);
    r.set(CH_P_ART, 150);
    r.tick(100);
    r.set(CH_P_ART, 320);
    r.tick(200);
    r.tick(300);
    expect(r.log).toEqual([]);
    r.tick(400);
    expect(r.log.length).toBe(1);
  });

  it('is armed only in its states, but a tripped row is judged until its reading is back', () => {
    const r = rig();
    r.set(CH_LEVEL, 100);
    r.tick(0, ARMED_IDLE);
    r.tick(1000, ARMED_IDLE);
    expect(r.log).toEqual([]);
    r.tick(1200, ARMED_PRIMING);
    r.tick(1400, ARMED_PRIMING);
    expect(r.log).toEqual([`1400 trip ${A_LEVEL_LOW}/${CH_LEVEL} raw=0.1 value=100 limit=200`]);
    // Now FAULT (not armed): still low, so still tripped.
    r.tick(3000, ARMED_FAULT);
    r.tick(5000, ARMED_FAULT);
    expect(r.log.length).toBe(1);
    r.set(CH_LEVEL, 600);
    r.tick(5200, ARMED_FAULT);
    r.tick(5400, ARMED_FAULT);
    expect(r.log).toEqual([`1400 trip ${A_LEVEL_LOW}/${CH_LEVEL} raw=0.1 value=100 limit=200`, `gone ${A_LEVEL_LOW}`]);
  });

  it('the raw check trips even when the conversion says all is well', () => {
    const r = rig();
    // Reading 150 (a wrong zero, a wrong span), raw 0.35 = 350 mmHg at the front end.
    r.set(CH_P_ART, 150, 0.35);
    r.tick(0);
    r.tick(200);
    expect(r.log).toEqual([`200 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.35 value=150 limit=300`]);
  });

  it('the raw check follows a front end whose ratio falls as the value rises (a thermistor)', () => {
    const falling = (_ch: number, value: number) => 1 - value / 100;
    const r = rig(LEG, falling);
    // Reading 38 degC, raw 0.585 = 41.5 degC: above the tissue limit of 41.
    r.set(CH_T_DIST, 38, 0.585);
    r.tick(0);
    r.tick(1000);
    expect(r.log).toEqual([`1000 trip ${A_T_TISSUE_HIGH}/${CH_T_DIST} raw=0.585 value=38 limit=41`]);
  });

  it('leaves a raw value in a sensor\'s fault range to the sensor checks', () => {
    const r = rig();
    r.set(CH_P_ART, NaN, 0.9995);
    r.tick(0);
    r.tick(1000);
    expect(r.log).toEqual([]);
  });

  it('an alarm of two rows is gone only when both are clear', () => {
    const r = rig();
    r.set(CH_T_PROX, 42);
    r.set(CH_T_DIST, 42);
    r.tick(0);
    r.tick(1000);
    expect(r.log.length).toBe(2);
    r.set(CH_T_PROX, 38);
    r.tick(1200);
    r.tick(2200);
    expect(r.log.length).toBe(2);
    r.set(CH_T_DIST, 38);
    r.tick(2400);
    r.tick(3400);
    expect(r.log[2]).toBe(`gone ${A_T_TISSUE_HIGH}`);
  });

  it('a drop row measures from the start of perfusion, in percent', () => {
    const r = rig();
    r.engine.restartDrop(r.readings);
    r.set(CH_LEVEL, 640); // 8.6% down
    r.tick(0);
    r.tick(40000);
    expect(r.log).toEqual([]);
    r.set(CH_LEVEL, 620); // 11.4% down
    r.tick(40200);
    r.tick(70200);
    expect(r.log).toEqual([`70200 trip ${A_LEAK}/${CH_LEVEL} raw=0.62 value=620 limit=10`]);
  });

  it('a profile without a limit (no tourniquet) leaves that row off', () => {
    const r = rig({ ...LEG, cuffMinMmHg: 0 });
    r.set(CH_P_CUFF, 20);
    r.tick(0);
    r.tick(5000);
    expect(r.log).toEqual([]);
    const withCuff = rig();
    withCuff.set(CH_P_CUFF, 20);
    withCuff.tick(0);
    withCuff.tick(400);
    expect(withCuff.log).toEqual([`400 trip ${A_CUFF_LOW}/${CH_P_CUFF} raw=0.02 value=20 limit=200`]);
  });

  it('property: a pressure held above the limit while armed always trips within 200 ms of its persistence, and never below', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 600, noNaN: true }), { minLength: 1, maxLength: 60 }), (values) => {
      const r = rig();
      let aboveSince = -1;
      for (let k = 0; k < values.length; k++) {
        const t = k * 200;
        r.set(CH_P_ART, values[k]);
        r.tick(t);
        if (values[k] > 300) {
          if (aboveSince < 0) aboveSince = t;
        } else aboveSince = -1;
        const tripped = r.log.some((l) => l.includes(`trip ${A_P_ART_HIGH}/`));
        if (aboveSince >= 0 && t - aboveSince >= 200 && !tripped) return false;
        if (tripped && r.log.length === 1 && !values.slice(0, k + 1).some((v) => v > 300)) return false;
      }
      return true;
    }));
  });
});
