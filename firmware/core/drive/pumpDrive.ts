// Flow <-> step-rate arithmetic for the roller pump and the acceleration-limited ramp.
// A roller pump moves one stroke volume per head revolution (set by the tubing and the
// raceway), so flow is linear in head speed.

export interface PumpGeometry {
  /** Volume delivered per pump-head revolution, mL/rev (per tubing set). */
  strokeMlPerRev: number;
  /** Full motor steps per motor revolution (1.8 deg motor: 200). */
  motorStepsPerRev: number;
  /** Driver microstepping factor. */
  microsteps: number;
  /** Motor revolutions per pump-head revolution. */
  gearRatio: number;
  /** Largest flow change per second when starting, stopping or changing setpoint. */
  accelMlMinPerS: number;
}

/** The drive train as built (board file); the stroke volume comes from the tubing in use. */
export interface DriveTrain {
  motorStepsPerRev: number;
  microsteps: number;
  gearRatio: number;
  accelMlMinPerS: number;
  /** Encoder pulses per pump-head revolution. */
  encoderPulsesPerRev: number;
}

/** Step pulses per mL of perfusate for a geometry. */
export function stepsPerMl(g: PumpGeometry): number {
  return (g.motorStepsPerRev * g.microsteps * g.gearRatio) / g.strokeMlPerRev;
}

/** STEP frequency in Hz that delivers flowMlMin. */
export function flowToStepHz(flowMlMin: number, g: PumpGeometry): number {
  return (flowMlMin / 60) * stepsPerMl(g);
}

/** Moves `current` toward `target` by at most the ramp allowed in dtMs. */
export function rampToward(current: number, target: number, dtMs: number, accelMlMinPerS: number): number {
  const maxDelta = (accelMlMinPerS * dtMs) / 1000;
  if (target > current + maxDelta) return current + maxDelta;
  if (target < current - maxDelta) return current - maxDelta;
  return target;
}

/**
 * Tubing sets for a roller head with a 150 mm raceway. Stroke volume = the bore's cross
 * section times the occluded length, taken as the raceway's circumference (pi x 150 mm =
 * 471 mm): 1/4 in bore (6.35 mm): 31.7 mm^2 x 471 mm = 14.9 mL; 3/8 in (9.53 mm): 71.3 x
 * 471 = 33.6 mL; 1/2 in (12.7 mm): 126.7 x 471 = 59.7 mL. These match the rough figures of
 * the perfusion literature (15, 34 and 60 mL/rev); every set is calibrated by timed
 * collection before use.
 */
export const TUBING_NAMES: string[] = ['1/4', '3/8', '1/2'];
export const TUBING_STROKE_ML: number[] = [15, 34, 60];
export const DEFAULT_TUBING = 1;

export function tubingIndex(name: string): number {
  for (let i = 0; i < TUBING_NAMES.length; i++) if (TUBING_NAMES[i] === name) return i;
  return -1;
}

/**
 * PUMP_STALL: the head is called stalled once the flow programmed since the last encoder
 * pulse should have produced STALL_MISSING_PULSES pulses, and at least STALL_MIN_MS have
 * passed (so pulse jitter at speed never trips it). Counting expected pulses rather than
 * time keeps ramps, where the pulse rate changes every tick, from tripping it.
 */
export const STALL_MISSING_PULSES = 3;
export const STALL_MIN_MS = 500;
