// The interlock engine on the pure core: persistence, arming by state, the raw-count
// check that a wrong conversion cannot defeat, rows of one alarm, drop rows, and a raw
// value beyond its sensor's range: the hazard on the side of the limit, else the sensor checks'.
import fc from 'fast-check';
import {
  A_CUFF_LOW, A_LEAK, A_LEVEL_LOW, A_P_ART_HIGH, A_T_ART_HIGH, A_T_TISSUE_HIGH, A_T_WATER_HIGH,
} from '../../firmware/core/safety/alarms';
import {
  CHANNEL_COUNT, CH_LEVEL, CH_P_ART, CH_P_CUFF, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER,
} from '../../firmware/core/channels';
import {
  ARMED_ALWAYS, ARMED_CALIBRATING, ARMED_FAULT, ARMED_IDLE, ARMED_PERFUSING, ARMED_PRIMING, ARMED_PUMPING, CMP_ABOVE, CMP_BELOW,
  CMP_DROP_PCT, FAST_ROW_COUNT, INTERLOCK_ROWS, InterlockEngine, InterlockSink, ROW_COUNT,
} from '../../firmware/core/safety/interlocks';
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
    trip: (alarm, channel, t, r, v, limit) => log.push(`${t} trip ${alarm}/${channel} raw=${r} value=${v} limit=${limit}`),
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
  const tick = (t: number, state = ARMED_PERFUSING) => engine.evaluate(readings, raw, rawLow, rawHigh, state, t, sink, 0, ROW_COUNT);
  return { engine, readings, raw, rawLow, rawHigh, log, set, tick };
}

describe('interlock engine', () => {
  it('adds declared volumes to the drop rows\' start, once it is taken, and reports it', () => {
    const r = rig();
    const leakRow = INTERLOCK_ROWS.findIndex((row) => row.cmp === CMP_DROP_PCT);
    r.engine.addToDropStart(50);
    expect(r.engine.startValue[leakRow]).toBeNaN();
    r.engine.restartDrop(r.readings);
    expect(r.engine.startValue[leakRow]).toBe(700);
    r.engine.addToDropStart(100);
    expect(r.engine.startValue[leakRow]).toBe(800);
    expect(r.engine.startValue[0]).toBeNaN();
    // 700 mL left of 800: 12.5%, over the 10% limit, for the row's 30 s.
    r.tick(0);
    r.tick(29999);
    expect(r.log).toEqual([]);
    r.tick(30000);
    expect(r.log).toEqual([`30000 trip ${A_LEAK}/${CH_LEVEL} raw=0.7 value=700 limit=10`]);
  });

  it('judges only the rows asked for: the fast rows are the pump-stopping ones with bounds of 1 s or less', () => {
    expect(INTERLOCK_ROWS.slice(0, FAST_ROW_COUNT).map((row) => row.alarm)).toEqual([A_P_ART_HIGH, A_LEVEL_LOW, A_CUFF_LOW]);
    const r = rig();
    r.set(CH_P_ART, 320);
    r.set(CH_T_ART, 43);
    const fast = (t: number) => r.engine.evaluate(r.readings, r.raw, r.rawLow, r.rawHigh, ARMED_PERFUSING, t, { trip: (alarm) => r.log.push(`trip ${alarm}`), gone: () => {} }, 0, FAST_ROW_COUNT);
    fast(0);
    fast(1000);
    expect(r.log).toEqual([`trip ${INTERLOCK_ROWS[0].alarm}`]);
    const slow = (t: number) => r.engine.evaluate(r.readings, r.raw, r.rawLow, r.rawHigh, ARMED_PERFUSING, t, { trip: (alarm) => r.log.push(`trip ${alarm}`), gone: () => {} }, FAST_ROW_COUNT, ROW_COUNT);
    slow(2000);
    slow(2800);
    expect(r.log).toEqual([`trip ${INTERLOCK_ROWS[0].alarm}`, `trip ${INTERLOCK_ROWS[3].alarm}`]);
  });

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
    r.set(CH_P_ART, 150, 0.5);
    // Reading 38 degC, raw 0.585 = 41.5 degC: above the tissue limit of 41.
    r.set(CH_T_DIST, 38, 0.585);
    r.tick(0);
    r.tick(1000);
    expect(r.log).toEqual([`1000 trip ${A_T_TISSUE_HIGH}/${CH_T_DIST} raw=0.585 value=38 limit=41`]);
  });

  it('takes a raw value beyond its sensor\'s range on the side of the limit as the hazard, and leaves the other side to the sensor checks', () => {
    const over = rig();
    // A saturated arterial transducer: over range is over the limit.
    over.set(CH_P_ART, NaN, 0.9995);
    over.tick(0);
    over.tick(200);
    expect(over.log).toEqual([`200 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.9995 value=NaN limit=300`]);
    const under = rig();
    // An open lead reads low: no pressure is high, SENSOR_FAULT is the sensor checks'.
    under.set(CH_P_ART, NaN, 0.0005);
    under.tick(0);
    under.tick(1000);
    expect(under.log).toEqual([]);
  });

  it('keeps a tripped row tripped while its reading is beyond the range on the side of the limit', () => {
    const r = rig();
    r.set(CH_P_ART, 320);
    r.tick(0);
    r.tick(200);
    r.set(CH_P_ART, NaN, 0.9995);
    for (let t = 400; t <= 5000; t += 200) r.tick(t);
    expect(r.log).toEqual([`200 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.32 value=320 limit=300`]);
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

describe('interlock engine: limits, boundaries and clearing', () => {
  /** The profile's limit of a row. */
  const limitOf = (row: number, p: Profile = LEG) => INTERLOCK_ROWS[row].limit(p);
  const tripsOf = (log: string[], alarm: number) => log.filter((l) => l.includes(` trip ${alarm}/`));
  /** The rows judged on the reading itself (all but drop rows). */
  const valueRows = () => INTERLOCK_ROWS.map((_, i) => i).filter((i) => INTERLOCK_ROWS[i].cmp !== CMP_DROP_PCT);

  it('is the table of the interface contract (section 6), each row with its own profile limit', () => {
    // Every limit different, so a row reading another row's limit shows.
    const distinct: Profile = {
      ...LEG, pArtHighMmHg: 301, levelMinMl: 202, cuffMinMmHg: 203, tArtHighC: 42.5, tTissueHighC: 41.5, tWaterHighC: 45.5, leakLimitPct: 11,
    };
    expect(INTERLOCK_ROWS.map(({ limit, ...row }) => ({ ...row, limit: limit(distinct) }))).toEqual([
      { alarm: A_P_ART_HIGH, channel: CH_P_ART, cmp: CMP_ABOVE, limit: 301, persistMs: 200, armed: ARMED_PUMPING },
      { alarm: A_LEVEL_LOW, channel: CH_LEVEL, cmp: CMP_BELOW, limit: 202, persistMs: 200, armed: ARMED_PUMPING },
      { alarm: A_CUFF_LOW, channel: CH_P_CUFF, cmp: CMP_BELOW, limit: 203, persistMs: 400, armed: ARMED_PERFUSING },
      { alarm: A_T_ART_HIGH, channel: CH_T_ART, cmp: CMP_ABOVE, limit: 42.5, persistMs: 800, armed: ARMED_ALWAYS },
      { alarm: A_T_TISSUE_HIGH, channel: CH_T_PROX, cmp: CMP_ABOVE, limit: 41.5, persistMs: 800, armed: ARMED_ALWAYS },
      { alarm: A_T_TISSUE_HIGH, channel: CH_T_DIST, cmp: CMP_ABOVE, limit: 41.5, persistMs: 800, armed: ARMED_ALWAYS },
      { alarm: A_T_WATER_HIGH, channel: CH_T_WATER, cmp: CMP_ABOVE, limit: 45.5, persistMs: 800, armed: ARMED_ALWAYS },
      { alarm: A_LEAK, channel: CH_LEVEL, cmp: CMP_DROP_PCT, limit: 11, persistMs: 30000, armed: ARMED_PERFUSING },
    ]);
    expect([ARMED_PUMPING, ARMED_ALWAYS]).toEqual([ARMED_PRIMING | ARMED_PERFUSING | ARMED_CALIBRATING, 31]);
    const r = rig(distinct);
    expect(Array.from(r.engine.limit)).toEqual([301, 202, 203, 42.5, 41.5, 41.5, 45.5, 11]);
  });

  it('takes each row\'s limit from the profile, and its raw limit from its channel\'s front end', () => {
    // A different front end per channel, asked only about the rows' channels.
    const asked: number[] = [];
    const perChannel = (channel: number, value: number) => {
      asked.push(channel);
      return value / (1000 + 100 * channel);
    };
    const r = rig(LEG, perChannel);
    for (const ch of asked) expect(INTERLOCK_ROWS.some((row) => row.channel === ch)).toBe(true);
    for (let row = 0; row < INTERLOCK_ROWS.length; row++) {
      const { channel, cmp } = INTERLOCK_ROWS[row];
      expect(r.engine.limit[row]).toBe(limitOf(row));
      // A drop is a percentage of the start, not a raw count: drop rows have no raw limit.
      if (cmp === CMP_DROP_PCT) expect(r.engine.rawLimit[row]).toBeNaN();
      else expect(r.engine.rawLimit[row]).toBe(perChannel(channel, limitOf(row)));
    }
    expect(r.engine.limit[INTERLOCK_ROWS.findIndex((row) => row.alarm === A_T_ART_HIGH)]).toBe(42);
    expect(r.engine.limit[INTERLOCK_ROWS.findIndex((row) => row.alarm === A_T_WATER_HIGH)]).toBe(45);
  });

  it('a limit of 0 or below turns a row off, with no raw limit, whatever the reading', () => {
    const r = rig({ ...LEG, tArtHighC: 0, tWaterHighC: -1, cuffMinMmHg: 0 });
    const off = [A_T_ART_HIGH, A_T_WATER_HIGH, A_CUFF_LOW].map((a) => INTERLOCK_ROWS.findIndex((row) => row.alarm === a));
    for (const row of off) {
      expect(r.engine.limit[row]).toBeNaN();
      expect(r.engine.rawLimit[row]).toBeNaN();
    }
    r.set(CH_T_ART, 50);
    r.set(CH_T_WATER, 60);
    r.set(CH_P_CUFF, 20);
    for (let t = 0; t <= 5000; t += 200) r.tick(t);
    expect(r.log).toEqual([]);
  });

  it('every row trips on its converted reading alone (no raw value), reporting its profile limit', () => {
    for (const row of valueRows()) {
      const r = rig();
      r.raw.fill(NaN);
      const { alarm, channel, cmp, persistMs } = INTERLOCK_ROWS[row];
      const limit = limitOf(row);
      r.readings[channel] = cmp === CMP_ABOVE ? limit + 1 : limit - 1;
      r.tick(0);
      r.tick(persistMs - 1);
      expect(r.log).toEqual([]);
      r.tick(persistMs);
      expect(r.log).toEqual([`${persistMs} trip ${alarm}/${channel} raw=NaN value=${r.readings[channel]} limit=${limit}`]);
    }
  });

  it('every row trips on the converted reading even when the raw value looks healthy', () => {
    for (const row of valueRows()) {
      const r = rig();
      const { alarm, channel, cmp, persistMs } = INTERLOCK_ROWS[row];
      const limit = limitOf(row);
      // Raw: well inside the limit (a raw count that disagrees with the reading).
      r.set(channel, cmp === CMP_ABOVE ? limit + 1 : limit - 1, linearRaw(channel, cmp === CMP_ABOVE ? limit / 2 : limit * 2));
      r.tick(0);
      r.tick(persistMs);
      expect(tripsOf(r.log, alarm).length).toBe(1);
    }
  });

  it('a reading exactly at its limit, converted and raw, is not a hazard', () => {
    for (const row of valueRows()) {
      const r = rig();
      const { channel } = INTERLOCK_ROWS[row];
      r.set(channel, limitOf(row));
      expect(r.raw[channel]).toBe(r.engine.rawLimit[row]);
      for (let t = 0; t <= 5000; t += 200) r.tick(t);
      expect(r.log).toEqual([]);
    }
  });

  it('a raw value alone exactly at its raw limit is not a hazard, one step beyond is (both directions)', () => {
    const falling = (_ch: number, value: number) => 1 - value / 100;
    const hot = rig(LEG, falling);
    hot.set(CH_P_ART, 150, 0.5);
    hot.set(CH_T_DIST, 38, falling(CH_T_DIST, 41));
    hot.tick(0);
    hot.tick(2000);
    expect(hot.log).toEqual([]);
    hot.set(CH_T_DIST, 38, falling(CH_T_DIST, 41) - 0.001);
    hot.tick(2200);
    hot.tick(3200);
    expect(tripsOf(hot.log, A_T_TISSUE_HIGH).length).toBe(1);

    const low = rig();
    low.set(CH_LEVEL, NaN, 0.2);
    low.tick(0);
    low.tick(2000);
    expect(low.log).toEqual([]);
    low.set(CH_LEVEL, NaN, 0.199);
    low.tick(2200);
    low.tick(2400);
    expect(low.log).toEqual([`2400 trip ${A_LEVEL_LOW}/${CH_LEVEL} raw=0.199 value=NaN limit=200`]);
  });

  it('judges a raw value at the edges of its sensor\'s valid range, and one beyond it on the side of the limit', () => {
    const atLow = rig();
    atLow.set(CH_LEVEL, NaN, atLow.rawLow[CH_LEVEL]);
    atLow.tick(0);
    atLow.tick(200);
    expect(atLow.log).toEqual([`200 trip ${A_LEVEL_LOW}/${CH_LEVEL} raw=0.001 value=NaN limit=200`]);

    const belowLow = rig();
    belowLow.set(CH_LEVEL, NaN, 0.0009);
    belowLow.tick(0);
    belowLow.tick(200);
    expect(belowLow.log).toEqual([`200 trip ${A_LEVEL_LOW}/${CH_LEVEL} raw=0.0009 value=NaN limit=200`]);

    const aboveHigh = rig();
    aboveHigh.set(CH_LEVEL, NaN, 0.9995);
    aboveHigh.tick(0);
    aboveHigh.tick(5000);
    expect(aboveHigh.log).toEqual([]);

    const atHigh = rig();
    atHigh.set(CH_P_ART, NaN, atHigh.rawHigh[CH_P_ART]);
    atHigh.tick(0);
    atHigh.tick(200);
    expect(atHigh.log).toEqual([`200 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.999 value=NaN limit=300`]);
  });

  it('a tripped row clears only after its persistence time without the hazard, counted from the first healthy tick', () => {
    const r = rig();
    r.set(CH_P_ART, 320);
    r.tick(0);
    r.tick(200);
    expect(r.log.length).toBe(1);
    r.set(CH_P_ART, 150);
    r.tick(400);
    r.tick(500);
    expect(r.log.length).toBe(1);
    r.tick(600);
    expect(r.log).toEqual([`200 trip ${A_P_ART_HIGH}/${CH_P_ART} raw=0.32 value=320 limit=300`, `gone ${A_P_ART_HIGH}`]);
  });

  it('an alarm is gone when its rows clear, while another alarm stays tripped', () => {
    const r = rig();
    r.set(CH_P_ART, 320);
    r.set(CH_LEVEL, 100);
    r.tick(0);
    r.tick(200);
    expect(r.engine.alarmTripped(A_P_ART_HIGH)).toBe(true);
    expect(r.engine.alarmTripped(A_LEVEL_LOW)).toBe(true);
    expect(r.engine.alarmTripped(A_CUFF_LOW)).toBe(false);
    r.set(CH_P_ART, 150);
    r.tick(400);
    r.tick(600);
    expect(r.engine.alarmTripped(A_P_ART_HIGH)).toBe(false);
    expect(r.engine.alarmTripped(A_LEVEL_LOW)).toBe(true);
    expect(r.log.slice(2)).toEqual([`gone ${A_P_ART_HIGH}`]);
  });

  it('a drop row without restartDrop takes its first valid reading as the start', () => {
    const r = rig();
    r.set(CH_LEVEL, NaN, NaN);
    r.tick(0);
    r.set(CH_LEVEL, 700);
    r.tick(200);
    r.set(CH_LEVEL, 620);
    r.tick(400);
    r.tick(30399);
    expect(r.log).toEqual([]);
    r.tick(30400);
    expect(r.log).toEqual([`30400 trip ${A_LEAK}/${CH_LEVEL} raw=0.62 value=620 limit=10`]);
  });

  it('a drop of exactly the limit is not a leak; a little more is', () => {
    const r = rig();
    r.set(CH_LEVEL, 1000);
    r.engine.restartDrop(r.readings);
    r.set(CH_LEVEL, 900); // 10.0% down
    r.tick(0);
    r.tick(60000);
    expect(r.log).toEqual([]);
    r.set(CH_LEVEL, 899);
    r.tick(60200);
    r.tick(90200);
    expect(r.log).toEqual([`90200 trip ${A_LEAK}/${CH_LEVEL} raw=0.899 value=899 limit=10`]);
  });

  it('a drop row with a start of zero or below judges no drop', () => {
    for (const [start, later] of [[0, -5], [-50, 0], [-50, -100]]) {
      const r = rig();
      r.set(CH_LEVEL, start);
      r.engine.restartDrop(r.readings);
      r.set(CH_LEVEL, later);
      for (let t = 0; t <= 60000; t += 200) r.tick(t);
      expect(tripsOf(r.log, A_LEAK)).toEqual([]);
      // The reservoir itself is low all along.
      expect(tripsOf(r.log, A_LEVEL_LOW).length).toBe(1);
    }
  });
});

describe('a tripped row whose limit is switched off', () => {
  it('clears after its persistence time instead of staying tripped (a profile without a tourniquet)', () => {
    const r = rig();
    r.set(CH_P_CUFF, 20);
    r.tick(0);
    r.tick(400);
    expect(r.log).toEqual([`400 trip ${A_CUFF_LOW}/${CH_P_CUFF} raw=0.02 value=20 limit=200`]);
    r.engine.setLimits({ ...LEG, cuffMinMmHg: 0 }, linearRaw);
    r.tick(600);
    expect(r.log.length).toBe(1);
    r.tick(1000);
    expect(r.log).toEqual([`400 trip ${A_CUFF_LOW}/${CH_P_CUFF} raw=0.02 value=20 limit=200`, `gone ${A_CUFF_LOW}`]);
  });
});
