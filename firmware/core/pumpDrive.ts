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

/** Step pulses per mL of perfusate for a geometry. */
export function stepsPerMl(g: PumpGeometry): number {
  return (g.motorStepsPerRev * g.microsteps * g.gearRatio) / g.strokeMlPerRev;
}

/** STEP frequency in Hz that delivers flowMlMin. */
export function flowToStepHz(flowMlMin: number, g: PumpGeometry): number {
  return (flowMlMin / 60) * stepsPerMl(g);
}

/** Flow in mL/min delivered by a STEP frequency. */
export function stepHzToFlow(stepHz: number, g: PumpGeometry): number {
  return (stepHz * 60) / stepsPerMl(g);
}

/** Moves `current` toward `target` by at most the ramp allowed in dtMs. */
export function rampToward(current: number, target: number, dtMs: number, accelMlMinPerS: number): number {
  const maxDelta = (accelMlMinPerS * dtMs) / 1000;
  if (target > current + maxDelta) return current + maxDelta;
  if (target < current - maxDelta) return current - maxDelta;
  return target;
}
