// The heater guard on the pure core, driven tick by tick (200 ms) with simulated perfusate
// temperature curves: a healthy warm-up never trips, a dead heater trips 'no-rise' five
// minutes after heating began, a heater stuck on or lost trips 'left-band' a minute after
// the temperature left the target, setpoint changes and sensor faults never trip, and a
// trip is latched until reset.
import fc from 'fast-check';
import {
  BAND_C, GUARD_APPROACH, GUARD_IDLE, GUARD_IN_BAND, GUARD_TRIPPED, HeaterGuard, LEAVE_C, LEAVE_MS,
  RISE_MIN_C, RISE_WINDOW_MS,
} from '../../firmware/core/safety/heaterGuard';

const TICK = 200;
const MIN = 60 * 1000;

/** Deterministic noise in [-amp, amp] (a small LCG), so a failure replays. */
function noise(seed: number, amp: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296) * 2 * amp - amp;
  };
}

/** The firmware's interim control: duty = (target - t) * 0.5, so on whenever below the target. */
const pControl = (target: number) => (_ms: number, t: number) => t < target;

/**
 * Feeds ticks at fromMs, fromMs + 200, ... up to (not including) toMs. Returns the times at
 * which update() returned true and the first time each state was seen after a tick.
 */
function drive(
  g: HeaterGuard, fromMs: number, toMs: number,
  temp: (ms: number) => number, heater: (ms: number, t: number) => boolean,
) {
  const trips: number[] = [];
  const firstSeen: Record<number, number> = {};
  for (let ms = fromMs; ms < toMs; ms += TICK) {
    const t = temp(ms);
    if (g.update(ms, t, heater(ms, t))) trips.push(ms);
    if (firstSeen[g.state] === undefined) firstSeen[g.state] = ms;
  }
  return { trips, firstSeen };
}

const on = () => true;
const off = () => false;
const flat = (c: number) => () => c;

describe('heater guard', () => {
  it('uses the documented constants', () => {
    expect([RISE_MIN_C, RISE_WINDOW_MS, BAND_C, LEAVE_C, LEAVE_MS]).toEqual([0.2, 300000, 0.5, 1.0, 60000]);
  });

  it('a healthy warm-up from 36 to 40 at 0.02 degC/s, then holding with +-0.2 noise, never trips in 90 minutes', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    expect(g.state).toBe(GUARD_APPROACH);
    const rnd = noise(7, 0.2);
    const temp = (ms: number) => (ms < 200000 ? 36 + ms * 0.00002 : 40 + rnd());
    const run = drive(g, 0, 90 * MIN, temp, pControl(40));
    expect(run.trips).toEqual([]);
    expect(g.state).toBe(GUARD_IN_BAND);
    expect(g.cause).toBe('');
    // 39.5 (the band) is reached 3.5 / 0.02 = 175 s into the warm-up.
    expect(run.firstSeen[GUARD_IN_BAND]).toBeGreaterThanOrEqual(175000);
    expect(run.firstSeen[GUARD_IN_BAND]).toBeLessThanOrEqual(175000 + TICK);
  });

  it("a heater that does nothing trips 'no-rise' 5 minutes after heating began, exactly once", () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    // Heater off for the first 10 s: that time does not count.
    const run = drive(g, 0, 10 * MIN, flat(36), (ms) => ms >= 10000);
    expect(run.trips.length).toBe(1);
    expect(run.trips[0]).toBeGreaterThanOrEqual(10000 + 5 * MIN);
    expect(run.trips[0]).toBeLessThanOrEqual(10000 + 5 * MIN + TICK);
    expect(g.state).toBe(GUARD_TRIPPED);
    expect(g.cause).toBe('no-rise');
  });

  it('a rise smaller than 0.2 degC is not progress; one of 0.2 restarts the window', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    // 0.15 degC up after 4 minutes, then flat: still trips 5 minutes after heating began.
    const creep = drive(g, 0, 6 * MIN, (ms) => (ms < 4 * MIN ? 36 : 36.15), on);
    expect(creep.trips).toEqual([5 * MIN]);
    const h = new HeaterGuard();
    h.setTarget(40, 0);
    // 0.2 degC up after 4 minutes: the next 5 minutes are measured from there.
    const step = drive(h, 0, 12 * MIN, (ms) => (ms < 4 * MIN ? 36 : 36.2), on);
    expect(step.trips).toEqual([9 * MIN]);
  });

  it('the heater off for 10 minutes at 36 degC does not trip, and the window starts when it comes on', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    expect(drive(g, 0, 10 * MIN, flat(36), off).trips).toEqual([]);
    expect(g.state).toBe(GUARD_APPROACH);
    // Heating 4 minutes, off one tick, 4 minutes again, then off: 8 minutes, but the window restarted.
    const cycling = (ms: number) => ms < 14 * MIN || (ms >= 14 * MIN + TICK && ms < 18 * MIN + TICK);
    expect(drive(g, 10 * MIN, 20 * MIN, flat(36), cycling).trips).toEqual([]);
    // Heating for good from 20 minutes: the trip comes 5 minutes later, not at once.
    expect(drive(g, 20 * MIN, 30 * MIN, flat(36), on).trips).toEqual([25 * MIN]);
  });

  it("a setpoint change from 38 to 41 while in band goes back to APPROACH and never trips 'left-band'", () => {
    const g = new HeaterGuard();
    g.setTarget(38, 0);
    drive(g, 0, 2 * MIN, flat(38), pControl(38));
    expect(g.state).toBe(GUARD_IN_BAND);
    g.setTarget(41, 2 * MIN);
    expect(g.state).toBe(GUARD_APPROACH);
    // 3 degC away, warming at 0.02 degC/s: more than 1 degC away for 100 s.
    const temp = (ms: number) => Math.min(41, 38 + (ms - 2 * MIN) * 0.00002);
    const run = drive(g, 2 * MIN, 20 * MIN, temp, pControl(41));
    expect(run.trips).toEqual([]);
    expect(run.firstSeen[GUARD_APPROACH]).toBe(2 * MIN);
    expect(g.state).toBe(GUARD_IN_BAND);
  });

  it('a setpoint lowered from 41 to 38 cools slowly with the heater still on at low duty, and does not trip', () => {
    const g = new HeaterGuard();
    g.setTarget(41, 0);
    drive(g, 0, MIN, flat(41), on);
    expect(g.state).toBe(GUARD_IN_BAND);
    g.setTarget(38, MIN);
    // Falling 0.005 degC/s: 2.5 degC to the band takes 500 s, more than the rise window.
    const run = drive(g, MIN, 20 * MIN, (ms) => Math.max(38, 41 - (ms - MIN) * 0.000005), on);
    expect(run.trips).toEqual([]);
    expect(g.state).toBe(GUARD_IN_BAND);
  });

  it.each([
    ['stuck on', 41.5],
    ['lost', 38.5],
  ])("after reaching the band, a heater %s (held at %p) trips 'left-band' at 60 s, not at 59 s", (_what, held) => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), pControl(40));
    expect(g.state).toBe(GUARD_IN_BAND);
    const leftAt = MIN;
    const before = drive(g, leftAt, leftAt + 59000 + TICK, flat(held), pControl(40));
    expect(before.trips).toEqual([]);
    expect(g.state).toBe(GUARD_IN_BAND);
    const after = drive(g, leftAt + 59000 + TICK, leftAt + 2 * MIN, flat(held), pControl(40));
    expect(after.trips.length).toBe(1);
    expect(after.trips[0]).toBeGreaterThanOrEqual(leftAt + 60000);
    expect(after.trips[0]).toBeLessThanOrEqual(leftAt + 60000 + TICK);
    expect(g.cause).toBe('left-band');
  });

  it('a 30 s excursion does not trip, nor do two separated by a return within LEAVE_C', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), on);
    const temp = (ms: number) => (ms >= 2 * MIN && ms < 2 * MIN + 30000 ? 41.5 : 40);
    expect(drive(g, MIN, 10 * MIN, temp, pControl(40)).trips).toEqual([]);
    // 30 s out, one tick back at 40.8 (within LEAVE_C), 50 s out: 80 s out in all.
    const twice = (ms: number) => (ms < 11 * MIN || (ms >= 11 * MIN + 30000 && ms < 11 * MIN + 30000 + TICK) ? 40.8 : 38.8);
    expect(drive(g, 10 * MIN, 11 * MIN + 80000 + TICK, twice, pControl(40)).trips).toEqual([]);
    expect(g.state).toBe(GUARD_IN_BAND);
  });

  it('exactly LEAVE_C away is not off target; a little farther is', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), on);
    expect(drive(g, MIN, 20 * MIN, flat(41), off).trips).toEqual([]);
    expect(drive(g, 20 * MIN, 22 * MIN, flat(41.05), off).trips).toEqual([21 * MIN]);
  });

  it('a NaN temperature pauses the no-rise window without tripping', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    // Heating on flat 36 for 4 minutes, 10 minutes without a reading, then flat again.
    const temp = (ms: number) => (ms >= 4 * MIN && ms < 14 * MIN ? NaN : 36);
    const run = drive(g, 0, 20 * MIN, temp, on);
    // 4 minutes counted before the fault, so 1 minute after it: not at once, not 5 minutes.
    expect(run.trips.length).toBe(1);
    expect(run.trips[0]).toBeGreaterThanOrEqual(15 * MIN);
    expect(run.trips[0]).toBeLessThanOrEqual(15 * MIN + TICK);
    expect(g.cause).toBe('no-rise');
  });

  it('a NaN temperature pauses the left-band count without tripping', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), on);
    // 40 s off target, 5 minutes without a reading, off target again: 20 s more trips.
    const temp = (ms: number) => (ms >= MIN + 40000 && ms < 6 * MIN + 40000 ? NaN : 41.5);
    const run = drive(g, MIN, 8 * MIN, temp, off);
    expect(run.trips.length).toBe(1);
    expect(run.trips[0]).toBeGreaterThanOrEqual(7 * MIN);
    expect(run.trips[0]).toBeLessThanOrEqual(7 * MIN + TICK);
    expect(g.cause).toBe('left-band');
  });

  it('stays tripped through healthy readings, setTarget and stop, until reset', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    expect(drive(g, 0, 6 * MIN, flat(36), on).trips).toEqual([5 * MIN]);
    expect(drive(g, 6 * MIN, 10 * MIN, (ms) => 36 + (ms - 6 * MIN) * 0.00002, on).trips).toEqual([]);
    g.setTarget(39, 10 * MIN);
    expect(drive(g, 10 * MIN, 12 * MIN, flat(39), on).trips).toEqual([]);
    expect(g.state).toBe(GUARD_TRIPPED);
    expect(g.cause).toBe('no-rise');
    // Reset: checks again toward 39, timers restarted (a dead heater trips 5 minutes later).
    g.reset(12 * MIN);
    expect(g.state).toBe(GUARD_APPROACH);
    expect(g.cause).toBe('');
    expect(drive(g, 12 * MIN, 20 * MIN, flat(36), on).trips).toEqual([17 * MIN]);
    g.stop(20 * MIN);
    expect(g.state).toBe(GUARD_TRIPPED);
    g.reset(20 * MIN);
    expect(g.state).toBe(GUARD_IDLE);
    expect(g.cause).toBe('');
  });

  it('stopped (or without a target) it is IDLE and checks nothing until the next setTarget', () => {
    const g = new HeaterGuard();
    expect(g.state).toBe(GUARD_IDLE);
    expect(drive(g, 0, 10 * MIN, flat(36), on).trips).toEqual([]);
    g.setTarget(40, 10 * MIN);
    drive(g, 10 * MIN, 11 * MIN, flat(40), on);
    expect(g.state).toBe(GUARD_IN_BAND);
    g.stop(11 * MIN);
    expect(g.state).toBe(GUARD_IDLE);
    expect(drive(g, 11 * MIN, 31 * MIN, flat(30), on).trips).toEqual([]);
    expect(g.state).toBe(GUARD_IDLE);
    g.setTarget(NaN, 31 * MIN);
    expect(g.state).toBe(GUARD_IDLE);
    g.setTarget(40, 31 * MIN);
    expect(g.state).toBe(GUARD_APPROACH);
    expect(drive(g, 31 * MIN, 37 * MIN, flat(30), on).trips).toEqual([36 * MIN]);
  });

  it('property: rising at >= 0.01 degC/s to the target, then staying within 0.4 degC of it, never trips', () => {
    fc.assert(fc.property(
      fc.double({ min: 30, max: 41, noNaN: true }),
      fc.double({ min: 0, max: 6, noNaN: true }),
      fc.array(fc.double({ min: 0.01, max: 0.1, noNaN: true }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.double({ min: -0.4, max: 0.4, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 3000 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
      (target, below, ratesPerS, holdOffsets, holdTicks, heater) => {
        const g = new HeaterGuard();
        g.setTarget(target, 0);
        let t = target - below;
        let reached = t >= target;
        let held = 0;
        for (let k = 0; held < holdTicks; k++) {
          if (!reached) {
            t += ratesPerS[k % ratesPerS.length] * (TICK / 1000);
            reached = t >= target;
          }
          if (reached) t = target + holdOffsets[held++ % holdOffsets.length];
          if (g.update(k * TICK, t, heater[k % heater.length]) || g.state === GUARD_TRIPPED) return false;
        }
        return g.state === GUARD_IN_BAND;
      },
    ));
  });
});

describe('heater guard: boundaries and timing', () => {
  it('a target of 0 or below is no target: IDLE, checking nothing', () => {
    for (const target of [0, -1]) {
      const g = new HeaterGuard();
      g.setTarget(target, 0);
      expect(g.state).toBe(GUARD_IDLE);
      expect(drive(g, 0, 10 * MIN, flat(36), on).trips).toEqual([]);
      expect(g.state).toBe(GUARD_IDLE);
    }
  });

  it.each([
    ['below', 40 - BAND_C],
    ['above', 40 + BAND_C],
  ])('exactly BAND_C %s the target counts as reached', (_side, t) => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    expect(g.update(TICK, t, true)).toBe(false);
    expect(g.state).toBe(GUARD_IN_BAND);
    const h = new HeaterGuard();
    h.setTarget(40, 0);
    h.update(TICK, t < 40 ? t - 0.01 : t + 0.01, true);
    expect(h.state).toBe(GUARD_APPROACH);
  });

  it('a rise of exactly RISE_MIN_C counts as progress and restarts the window', () => {
    // Temperatures a bit above 0 degC: the only range where two readings are exactly
    // RISE_MIN_C apart in binary floating point.
    expect(RISE_MIN_C - 0).toBe(RISE_MIN_C);
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    const step = drive(g, 0, 12 * MIN, (ms) => (ms < 4 * MIN ? 0 : RISE_MIN_C), on);
    expect(step.trips).toEqual([9 * MIN]);
  });

  it('exactly LEAVE_C below the target is not off target either', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), on);
    expect(g.state).toBe(GUARD_IN_BAND);
    expect(drive(g, MIN, 20 * MIN, flat(40 - LEAVE_C), on).trips).toEqual([]);
    expect(drive(g, 20 * MIN, 22 * MIN, flat(40 - LEAVE_C - 0.05), on).trips).toEqual([21 * MIN]);
  });

  it('the left-band minute counts from the first tick seen off target, even right after the band was reached', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    expect(g.update(0, 40, true)).toBe(false);
    expect(g.state).toBe(GUARD_IN_BAND);
    const run = drive(g, TICK, 2 * MIN, flat(41.5), off);
    expect(run.trips).toEqual([TICK + LEAVE_MS]);
  });

  it('the left-band minute counts from the first tick seen off target, not from the last one in band', () => {
    const g = new HeaterGuard();
    g.setTarget(40, 0);
    drive(g, 0, MIN, flat(40), on);
    // The tick after the last one in band comes 10 s late, already off target.
    const firstOff = MIN + 10000;
    const run = drive(g, firstOff, firstOff + 2 * MIN, flat(41.5), off);
    expect(run.trips).toEqual([firstOff + LEAVE_MS]);
  });
});
