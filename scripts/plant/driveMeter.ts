// Integrates what the firmware drives on its output pins between two plant steps: STEP
// pulses while the driver is enabled, and heater duty x time. The pins change at the
// firmware's own times (a tick's outputs land a few ms after it), so counting from each
// change rather than sampling at step boundaries gives the plant the exact volume the
// firmware programmed, whatever the plant's step.

import { BoardFile } from '../board/board';
import { PinState } from '../sim/espruinoSim';
import { PlantDrive } from './plant';
import { driverEnabledBy, heaterDutyOn, stepHzOn } from '../replay/replay';

export class DriveMeter {
  private stepHz = 0;
  private duty = 0;
  private lastMs = 0;
  private steps = 0;
  private dutyMs = 0;

  constructor(
    private readonly board: BoardFile,
    private readonly pins: Record<string, PinState>,
    startMs: number,
  ) {
    this.lastMs = startMs;
    this.pinsChanged(startMs);
  }

  /** Whether a pin is one the meter follows. */
  follows(pin: string): boolean {
    const w = this.board.wiring;
    return pin === w.stepper.step || pin === w.stepper.enable || pin === w.heater.pin;
  }

  /** A drive pin changed at nowMs: what ran until now counts at the previous rates. */
  pinsChanged(nowMs: number): void {
    this.accumulate(nowMs);
    const w = this.board.wiring;
    this.stepHz = driverEnabledBy(this.board, this.pins[w.stepper.enable]) ? stepHzOn(this.pins[w.stepper.step]) : 0;
    this.duty = heaterDutyOn(this.board, this.pins[w.heater.pin]);
  }

  /** What was driven since the last take, up to nowMs. */
  take(nowMs: number): PlantDrive {
    this.accumulate(nowMs);
    const drive = { steps: this.steps, heaterDutyMs: this.dutyMs };
    this.steps = 0;
    this.dutyMs = 0;
    return drive;
  }

  private accumulate(nowMs: number): void {
    const dt = nowMs - this.lastMs;
    if (dt > 0) {
      this.steps += (this.stepHz * dt) / 1000;
      this.dutyMs += this.duty * dt;
    }
    this.lastMs = nowMs;
  }
}
