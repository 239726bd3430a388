// The one shutdown path. Each module that owns an output registers that output's safe
// state when it loads (pump: STEP low and driver disabled; heater off; sounder on), and
// enterSafeState() applies every one of them: at boot before anything else, and on any
// internal failure. One failing output never keeps the others from their safe state.

const safeActions: (() => void)[] = [];

export function registerSafeState(action: () => void): void {
  safeActions.push(action);
}

/** Applies every registered safe state; returns how many failed (0 = all safe). */
export function enterSafeState(): number {
  let failed = 0;
  for (let i = 0; i < safeActions.length; i++) {
    try {
      safeActions[i]();
    } catch (_e) {
      failed++;
    }
  }
  return failed;
}
