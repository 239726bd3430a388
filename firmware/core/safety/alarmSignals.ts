// Auditory alarm signals after IEC 60601-1-8 (tables 3 and 4): a burst of pulses whose
// number and rhythm say the priority, so a perfusionist hears how urgent an alarm is
// without looking. Patterns are on/off durations in ms, starting with a pulse; the last
// entry is the silence before the burst repeats (0 = played once).

export const RANK_NONE = 0;
export const RANK_LOW = 1;
export const RANK_MEDIUM = 2;
export const RANK_HIGH = 3;

export function priorityRank(priority: string): number {
  return priority === 'high' ? RANK_HIGH : priority === 'medium' ? RANK_MEDIUM : RANK_LOW;
}

export const RANK_NAMES = ['none', 'low', 'medium', 'high'];

/**
 * High: 10 pulses as 3+2, 3+2; pulse 150 ms (standard: 75-200), spacing 100 ms (50-125),
 * 350 ms between the 3rd and 4th pulse (2 spacings + 1 pulse), 700 ms between the 5th and
 * 6th (0.35-1.3 s); the burst (3.5 s) repeats every 6 s (2.5-15 s).
 */
export const TONE_HIGH = new Uint16Array([150, 100, 150, 100, 150, 350, 150, 100, 150, 700, 150, 100, 150, 100, 150, 350, 150, 100, 150, 2500]);
/** Medium: 3 pulses of 200 ms (125-250) spaced 200 ms (125-250), repeated every 8 s (2.5-30 s). */
export const TONE_MEDIUM = new Uint16Array([200, 200, 200, 200, 200, 7000]);
/** Low: 2 pulses of 200 ms, once when the alarm is raised (the standard allows no repeat). */
export const TONE_LOW = new Uint16Array([200, 200, 200, 0]);

/** By rank; typed arrays hold the durations in a few variables where plain arrays need one or two each. */
export const TONES: Uint16Array[] = [new Uint16Array(0), TONE_LOW, TONE_MEDIUM, TONE_HIGH];

/** Audio paused by `silence`, ms. */
export const SILENCE_MS = 120000;
/**
 * A medium alarm nobody answered (no `ack`, no `silence`) for this long sounds as high:
 * a closed lid left unattended or a leak nobody noticed becomes urgent.
 */
export const ESCALATION_MS = 120000;
