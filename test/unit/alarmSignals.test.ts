// The auditory alarm signals against IEC 60601-1-8 (tables 3 and 4): pulse counts, pulse
// and spacing durations and the interval before a burst repeats, per priority; the
// priority-to-rank mapping the controller and the sounder use.
import { ALARMS, PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_MEDIUM } from '../../firmware/core/safety/alarms';
import {
  ESCALATION_MS, RANK_HIGH, RANK_LOW, RANK_MEDIUM, RANK_NAMES, RANK_NONE, SILENCE_MS, TONES, TONE_HIGH, TONE_LOW,
  TONE_MEDIUM, priorityRank,
} from '../../firmware/core/safety/alarmSignals';

/** Pulses are the even entries of a pattern, silences the odd ones. */
const pulses = (t: ArrayLike<number>) => Array.from(t).filter((_, i) => i % 2 === 0);
/** Silences between pulses of one burst (all odd entries but the last). */
const spacings = (t: ArrayLike<number>) => Array.from(t).slice(0, -1).filter((_, i) => i % 2 === 1);
/** The last entry: the silence from the end of the burst to the next one (0 = no repeat). */
const interburst = (p: ArrayLike<number>) => p[p.length - 1];
const sum = (t: ArrayLike<number>) => Array.from(t).reduce((a, b) => a + b, 0);

function expectWithin(values: number[], min: number, max: number): void {
  for (const v of values) {
    expect(v).toBeGreaterThanOrEqual(min);
    expect(v).toBeLessThanOrEqual(max);
  }
}

describe('alarm signals (IEC 60601-1-8)', () => {
  it('every pattern starts with a pulse and ends with a silence', () => {
    for (const p of [TONE_HIGH, TONE_MEDIUM, TONE_LOW]) {
      expect(p.length).toBeGreaterThan(0);
      expect(p.length % 2).toBe(0);
      for (const ms of p) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
      expectWithin(pulses(p), 1, Infinity);
    }
  });

  it('high: 10 pulses of 75-200 ms, spaced 50-125 ms as 3+2, 3+2, repeating after 2.5-15 s', () => {
    expect(Array.from(TONE_HIGH)).toEqual([150, 100, 150, 100, 150, 350, 150, 100, 150, 700, 150, 100, 150, 100, 150, 350, 150, 100, 150, 2500]);
    const td = pulses(TONE_HIGH);
    expect(td.length).toBe(10);
    expectWithin(td, 75, 200);
    const gaps = spacings(TONE_HIGH);
    expect(gaps.length).toBe(9);
    // Pulse spacing ts within a group (after pulses 1, 2, 4, 6, 7, 9).
    const ts = [gaps[0], gaps[1], gaps[3], gaps[5], gaps[6], gaps[8]];
    expectWithin(ts, 50, 125);
    // Between the 3rd and 4th and the 8th and 9th pulse: 2 ts + td.
    expect(gaps[2]).toBe(2 * gaps[0] + td[0]);
    expect(gaps[7]).toBe(2 * gaps[0] + td[0]);
    // Between the 5th and 6th pulse: 0.35-1.30 s.
    expectWithin([gaps[4]], 350, 1300);
    expectWithin([interburst(TONE_HIGH)], 2500, 15000);
    // One burst plus its interburst interval: the burst starts again every 6 s.
    expect(sum(TONE_HIGH)).toBe(6000);
    expectWithin([sum(TONE_HIGH)], 2500, 15000);
  });

  it('medium: 3 pulses of 125-250 ms, spaced 125-250 ms, repeating after 2.5-30 s', () => {
    expect(Array.from(TONE_MEDIUM)).toEqual([200, 200, 200, 200, 200, 7000]);
    expect(pulses(TONE_MEDIUM).length).toBe(3);
    expectWithin(pulses(TONE_MEDIUM), 125, 250);
    expectWithin(spacings(TONE_MEDIUM), 125, 250);
    expectWithin([interburst(TONE_MEDIUM)], 2500, 30000);
    expect(sum(TONE_MEDIUM)).toBe(8000);
  });

  it('low: 1 or 2 pulses of 125-250 ms, played once', () => {
    expect(Array.from(TONE_LOW)).toEqual([200, 200, 200, 0]);
    const n = pulses(TONE_LOW).length;
    expect(n >= 1 && n <= 2).toBe(true);
    expectWithin(pulses(TONE_LOW), 125, 250);
    expectWithin(spacings(TONE_LOW), 125, 250);
    expect(interburst(TONE_LOW)).toBe(0);
  });

  it('the patterns are indexed by rank, with silence for no alarm', () => {
    expect([RANK_NONE, RANK_LOW, RANK_MEDIUM, RANK_HIGH]).toEqual([0, 1, 2, 3]);
    expect(TONES.length).toBe(4);
    expect(TONES[RANK_NONE].length).toBe(0);
    expect(TONES[RANK_LOW]).toBe(TONE_LOW);
    expect(TONES[RANK_MEDIUM]).toBe(TONE_MEDIUM);
    expect(TONES[RANK_HIGH]).toBe(TONE_HIGH);
  });

  it('maps a priority to its rank, and anything unknown to low', () => {
    expect(priorityRank('high')).toBe(RANK_HIGH);
    expect(priorityRank('medium')).toBe(RANK_MEDIUM);
    expect(priorityRank('low')).toBe(RANK_LOW);
    expect(priorityRank('')).toBe(RANK_LOW);
    expect(priorityRank('HIGH')).toBe(RANK_LOW);
    expect(priorityRank('critical')).toBe(RANK_LOW);
  });

  it('names each rank, and every alarm of the catalogue has a rank named by its priority', () => {
    expect(RANK_NAMES).toEqual(['none', 'low', 'medium', 'high']);
    for (const p of [PRIORITY_LOW, PRIORITY_MEDIUM, PRIORITY_HIGH]) expect(RANK_NAMES[priorityRank(p)]).toBe(p);
    for (const a of ALARMS) {
      const rank = priorityRank(a.priority);
      expect(rank).toBeGreaterThanOrEqual(RANK_LOW);
      expect(RANK_NAMES[rank]).toBe(a.priority);
    }
  });

  it('pauses audio for 120 s and escalates a medium alarm unanswered for 120 s', () => {
    expect(SILENCE_MS).toBe(120000);
    expect(ESCALATION_MS).toBe(120000);
  });
});
