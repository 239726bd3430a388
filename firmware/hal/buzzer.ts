// The alarm sounder: a piezo on a PWM pin (the tone), switched on and off in the rhythm of
// the priority's pattern (core/alarmSignals.ts) by a chain of timeouts, so the control
// tick never waits for a pulse. A change of priority restarts the burst at once; the
// same priority lets the running burst finish. Its safe state is a steady tone: a
// firmware that has stopped must be heard.

import { BUZZER_PIN, BUZZER_TONE_HZ } from 'board-config';
import { RANK_LOW, RANK_NONE, TONES } from '../core/safety/alarmSignals';
import { registerSafeState } from './safeState';

let playingRank = RANK_NONE;
/** Index of the next entry of the pattern; the timeout that will play it. */
let step = 0;
let timer: unknown = null;
let toneOn = false;
/** The power-on tone is sounding; the rank asked for meanwhile waits for its end. */
let beeping = false;
let wantedRank = RANK_NONE;

function tone(on: boolean): void {
  if (on === toneOn) return;
  toneOn = on;
  if (on) analogWrite(BUZZER_PIN, 0.5, { freq: BUZZER_TONE_HZ });
  else digitalWrite(BUZZER_PIN, 0);
}

function cancel(): void {
  if (timer !== null) clearTimeout(timer as number);
  timer = null;
}

/** Plays entry `step` of the pattern: odd entries are silences, even ones pulses. */
function advance(): void {
  timer = null;
  const pattern = TONES[playingRank];
  if (step >= pattern.length) step = 0;
  const ms = pattern[step];
  const pulse = (step & 1) === 0;
  step++;
  if (!pulse && ms === 0) {
    // Played once: stay quiet until the priority changes.
    tone(false);
    return;
  }
  tone(pulse);
  timer = setTimeout(advance, ms);
}

/**
 * Sounds the pattern of `rank` (RANK_NONE = quiet). Cheap when nothing changes. A low
 * alarm sounds once when it is raised, not again when a higher one above it clears.
 */
export function soundAlarm(rank: number): void {
  wantedRank = rank;
  if (beeping || rank === playingRank) return;
  const quietLow = rank === RANK_LOW && playingRank > RANK_LOW;
  cancel();
  playingRank = rank;
  step = 0;
  if (rank === RANK_NONE || quietLow) tone(false);
  else advance();
}

/** Safe state: a steady tone, no pattern. */
function buzzerSafeState(): void {
  cancel();
  playingRank = -1;
  toneOn = false;
  tone(true);
}

function beepEnd(): void {
  beeping = false;
  timer = null;
  playingRank = -1;
  tone(false);
  soundAlarm(wantedRank);
}

/**
 * After the safe state's steady tone at boot, the self-test passed: keep the tone for
 * `ms` (the operator hears that the sounder works), then sound whatever is wanted.
 */
export function powerOnBeep(ms: number): void {
  cancel();
  beeping = true;
  tone(true);
  timer = setTimeout(beepEnd, ms);
}

registerSafeState(buzzerSafeState);
