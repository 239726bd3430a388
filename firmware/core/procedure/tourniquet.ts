// Tourniquet time: from the first second the cuff reads at or above the profile's
// minimum; released (below TOURNIQUET_RELEASED_MMHG) it starts afresh at the next
// inflation. TOURNIQUET_TIME sounds at the profile's limit and is gone once released.

import type { Controller } from '../controller';
import { A_TOURNIQUET_TIME } from '../safety/alarms';
import { CH_P_CUFF } from '../channels';

/** A cuff below this is released (deflated): the tourniquet time starts again at the next inflation. */
export const TOURNIQUET_RELEASED_MMHG = 20;

export class Tourniquet {
  /**
   * Since when the tourniquet is on (cuff at or above its minimum); NaN = released. Any
   * number is a time: a case restored after a power loss (the clock starts again from 0)
   * has a tourniquet on since before 0.
   */
  sinceMs = NaN;

  constructor(private readonly c: Controller) {}

  /** Once a second, for a profile with a tourniquet time. */
  second(nowMs: number): void {
    const c = this.c;
    const p = c.profile;
    if (!(p.tourniquetMaxMin > 0)) return;
    const cuff = c.sensing.readings[CH_P_CUFF];
    if (cuff >= p.cuffMinMmHg) {
      if (this.sinceMs !== this.sinceMs) {
        this.sinceMs = nowMs;
        c.caseDueMs = 0;
      } else if (nowMs - this.sinceMs >= p.tourniquetMaxMin * 60000 && !c.alarms.present[A_TOURNIQUET_TIME]) {
        c.alarms.raiseWith(A_TOURNIQUET_TIME, nowMs, ',"minutes":' + Math.floor((nowMs - this.sinceMs) / 60000) + ',"limit":' + p.tourniquetMaxMin);
      }
    } else if (cuff < TOURNIQUET_RELEASED_MMHG && this.sinceMs === this.sinceMs) {
      this.sinceMs = NaN;
      c.caseDueMs = 0;
      c.alarms.gone(A_TOURNIQUET_TIME);
    }
  }
}
