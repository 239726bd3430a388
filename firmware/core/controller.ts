// The pump's controller: boot, the control tick and the safety inputs, orchestrating the
// domains that hold the state (safety/, sensing/, drive/, procedure/). Pure logic: time
// arrives as an argument, readings as arrays, everything the controller says leaves
// through the injected `emit` function, and every entry point hands back the outputs
// (step rate, driver enable, heater duty, sounder) for the hardware layer to apply.
// Power-on is core/boot.ts and operator commands are core/commands/, both loaded on demand.

import { A_AIR_IN_LINE, A_DRIVER_FAULT, A_ESTOP, A_LID_OPEN } from './safety/alarms';
import { AlarmBook } from './safety/alarmBook';
import { FaultLog } from './safety/faultLog';
import { FAST_ROW_COUNT, InterlockEngine, ROW_COUNT, SLOW_ROW_EVERY_TICKS } from './safety/interlocks';
import { Rotation } from './safety/rotation';
import { PLAUSIBILITY_EVERY_TICKS, SensorHealth } from './safety/sensorHealth';
import { ACT_FAULT, ACT_HEATER_OFF, ACT_STOP_PUMP } from './safety/shutdown';
import { AIR_TEST_ASSERTED, AIR_TEST_FAILED, AIR_TEST_PASSED, AIR_TEST_PENDING, AIR_TEST_RELEASED, airTestAnswer, airTestStart, airTestStep } from './safety/airTest';
import { INPUT_COUNT, IN_BUBBLE, IN_DRV_FAULT, IN_ESTOP, IN_LID, inputBit } from './channels';
import { Heater } from './drive/heater';
import { CALIBRATION_RPM, Pump } from './drive/pump';
import { DriveTrain } from './drive/pumpDrive';
import { eventLine, quote } from './format';
import { Procedure } from './procedure/procedure';
import { Servo } from './procedure/servo';
import { Tourniquet } from './procedure/tourniquet';
import { DEFAULT_PROFILE_ID, Profile, findProfile } from './profiles';
import { FrontEnd } from './sensing/frontEnds';
import { Sensing } from './sensing/sensing';
import { Settings, SettingsIO, defaultSettings } from './settings';
import type { RingIO } from './slotRing';
import { PHASE_INFUSE } from './procedure/phases';
import { STATE_BOOT, STATE_CALIBRATING, STATE_FAULT, STATE_IDLE, STATE_PERFUSING, STATE_PRIMING, stateBit } from './states';
import { telemetryJson } from './telemetry';

export const TELEMETRY_PERIOD_MS = 1000;
/** Tick of the procedure's once-a-second work (phase timers, tourniquet time, servo), out of PLAUSIBILITY_EVERY_TICKS. */
const PROCEDURE_TICK = 3;

export type Emit = (line: string) => void;

/** What the hardware layer applies after every call into the controller. */
export interface Outputs {
  /** STEP frequency, Hz (0 = no pulses). */
  stepHz: number;
  driverEnabled: boolean;
  /** 0..1. */
  heaterDuty: number;
  /** The sounder's pattern (alarmSignals.ts RANK_*). */
  soundRank: number;
  /** Drive the air detector's test input (safety/airTest.ts). */
  airTestOn: boolean;
}

export class Controller {
  state = STATE_BOOT;
  /** stateBit(state), kept with it. */
  armedBit = 0;
  profile: Profile;
  flowSetMlMin: number;
  tempSetC: number;
  /** Calibration settings (stroke volume per tubing set, spans), from flash or the defaults. */
  settings: Settings = defaultSettings();
  /** The limit interlocks (interlocks.ts), with the active profile's limits. */
  readonly interlocks = new InterlockEngine();
  readonly alarms: AlarmBook;
  readonly sensing: Sensing;
  readonly health: SensorHealth;
  readonly rotation: Rotation;
  readonly pump: Pump;
  readonly heater: Heater;
  readonly procedure: Procedure;
  readonly tourniquet: Tourniquet;
  readonly servo: Servo;
  /** Latest digital input levels, 1 = active (hazard), by IN_* index. */
  readonly inputs = new Uint8Array(INPUT_COUNT);
  /** The same levels as a mask (see inputBit). */
  inputMask = 0;
  /** Control ticks since boot. */
  private tickCount = 0;
  /** Time of the last tick, -1 before the first; set by boot (core/boot.ts). */
  lastTickMs = -1;
  nextTelemetryMs = 0;
  private readonly out: Outputs = { stepHz: 0, driverEnabled: false, heaterDuty: 0, soundRank: 0, airTestOn: false };
  /** The air detector's self-test phase (safety/airTest.ts AIR_TEST_*), and since when. */
  airTest = AIR_TEST_PENDING;
  airTestSinceMs = 0;
  /**
   * The case record in flash (procedure/caseRecord.ts): when the next one is due (0: a
   * change, at once; Infinity: at the next change). main.ts looks once a second.
   */
  caseDueMs = 0;
  /** Where the next record goes: its sequence number x CASE_RING_SLOTS + slot; -1 = scan the ring first. */
  caseRing = -1;
  /** The state `resume` returns to after a case was restored (IDLE: none). */
  resumeTo = STATE_IDLE;

  constructor(
    readonly geometry: DriveTrain,
    frontEnds: FrontEnd[],
    readonly emit: Emit,
    readonly settingsIO?: SettingsIO,
    readonly faultLog?: FaultLog,
    readonly caseIO?: RingIO,
  ) {
    this.alarms = new AlarmBook(this);
    this.sensing = new Sensing(frontEnds, this);
    this.health = new SensorHealth(this, frontEnds);
    this.rotation = new Rotation(this);
    this.pump = new Pump(this);
    this.heater = new Heater(this);
    this.procedure = new Procedure(this);
    this.tourniquet = new Tourniquet(this);
    this.servo = new Servo(this);
    const profile = findProfile(DEFAULT_PROFILE_ID) as Profile;
    this.profile = profile;
    this.flowSetMlMin = profile.flowDefaultMlMin;
    this.tempSetC = profile.tempDefaultC;
    this.setLimits();
  }

  /** The interlock limits of the profile, also as raw ratios; again after every correction (zero, span, tare). */
  setLimits(): void {
    this.interlocks.setLimits(this.profile, (channel, value) => this.sensing.rawAt(channel, value));
  }

  setState(to: string): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.caseDueMs = 0;
    this.armedBit = stateBit(to);
    if (to === STATE_PERFUSING) this.interlocks.restartDrop(this.sensing.readings);
    // At rest again: the air detector is tested before the pump may run.
    if (to === STATE_IDLE && this.airTest !== AIR_TEST_FAILED) airTestStart(this, -1);
    // FAULT is the safe state: the heater goes off with the pump, whatever alarm brought it.
    if (to === STATE_FAULT) this.heater.duty = 0;
    this.emit(eventLine('state', '{"from":' + quote(from) + ',"to":' + quote(to) + '}'));
  }

  /** The safe action of a raised alarm, at once (safety/shutdown.ts): pump stopped, FAULT, heater off. */
  act(alarm: number, nowMs: number): void {
    const actions = this.alarms.actions(alarm);
    if (actions & ACT_STOP_PUMP) {
      this.pump.stop(nowMs);
      if (actions & ACT_FAULT) this.setState(STATE_FAULT);
    }
    if (actions & ACT_HEATER_OFF) this.heater.duty = 0;
  }

  /** The pump is meant to turn, or still turns. */
  isPumping(): boolean {
    return this.state === STATE_PRIMING || this.state === STATE_PERFUSING || this.state === STATE_CALIBRATING || this.pump.flowMlMin > 0;
  }

  /** The outputs to apply now. */
  outputs(nowMs: number): Outputs {
    const out = this.out;
    const pump = this.pump;
    out.driverEnabled = pump.enabled;
    out.stepHz = pump.enabled ? pump.stepHz() : 0;
    out.heaterDuty = this.heater.duty;
    out.soundRank = this.alarms.soundRank(nowMs);
    out.airTestOn = this.airTest === AIR_TEST_ASSERTED;
    return out;
  }

  /**
   * A digital input changed (edge from the hardware layer, or a level seen by the tick).
   * Input interlocks act here, without waiting for the next control tick.
   */
  setInput(input: number, active: boolean, nowMs: number): Outputs {
    this.inputs[input] = active ? 1 : 0;
    if (active) this.inputMask |= inputBit(input);
    else this.inputMask &= ~inputBit(input);
    let alarm = -1;
    if (input === IN_ESTOP) alarm = A_ESTOP;
    else if (input === IN_BUBBLE) {
      // While the self-test runs the detector answers it (the pump is at rest): the air
      // it was asked for is no air in the line.
      if (this.airTest === AIR_TEST_ASSERTED || this.airTest === AIR_TEST_RELEASED) airTestAnswer(this, active, nowMs);
      else alarm = A_AIR_IN_LINE;
    }
    else if (input === IN_DRV_FAULT) alarm = A_DRIVER_FAULT;
    else if (input === IN_LID) alarm = A_LID_OPEN;
    // The lid may be opened to load tubing while the pump stands still.
    if (alarm >= 0 && active && (alarm !== A_LID_OPEN || this.isPumping())) this.alarms.raise(alarm, nowMs);
    else if (alarm >= 0 && !active) this.alarms.gone(alarm);
    return this.outputs(nowMs);
  }

  /**
   * Levels of all inputs polled by the tick (bit per input, see inputBit): a hazard whose
   * edge was missed is still seen, and a change costs nothing when nothing changed.
   */
  pollInputs(activeMask: number, nowMs: number): void {
    const changed = activeMask ^ this.inputMask;
    if (changed === 0) return;
    for (let i = 0; i < INPUT_COUNT; i++) {
      const bit = inputBit(i);
      if (changed & bit) this.setInput(i, (activeMask & bit) !== 0, nowMs);
    }
  }


  /** The flow the pump ramps toward in this state. */
  targetFlowMlMin(): number {
    const state = this.state;
    if (state === STATE_PRIMING) return this.profile.primeFlowMlMin;
    if (state === STATE_PERFUSING) return this.flowSetMlMin < this.servo.capMlMin ? this.flowSetMlMin : this.servo.capMlMin;
    if (state === STATE_CALIBRATING && this.pump.calibrationRevs < this.pump.calibrationTarget) return CALIBRATION_RPM * this.pump.strokeMlPerRev;
    return 0;
  }

  /**
   * One control cycle. `raw` holds each channel's ADC ratio (NaN where not wired);
   * `encoderPulses` is the running count of pump-head encoder pulses.
   */
  tick(nowMs: number, raw: Float64Array, encoderPulses: number): Outputs {
    const dtMs = this.lastTickMs < 0 ? 0 : nowMs - this.lastTickMs;
    this.lastTickMs = nowMs;
    const tickNo = ++this.tickCount;
    const health = this.health;
    const sensing = this.sensing;
    const alarms = this.alarms;
    const pump = this.pump;
    // Thermal ticks, every other one: new temperatures, then the rows and the heater
    // control that judge them (bounds and time constants of seconds).
    const thermal = tickNo % SLOW_ROW_EVERY_TICKS === 1;
    health.check(sensing.convert(raw, health.rawLow, health.rawHigh, thermal), raw, nowMs, thermal);
    if (tickNo % PLAUSIBILITY_EVERY_TICKS === 0) health.checkPlausible(raw, nowMs);
    else if (tickNo % PLAUSIBILITY_EVERY_TICKS === PROCEDURE_TICK && this.profile.tourniquetMaxMin + this.procedure.phase > 0) {
      // Once a second while a procedure runs or a tourniquet is timed.
      this.procedure.second(nowMs);
      this.servo.second(nowMs);
      this.tourniquet.second(nowMs);
    }
    if (this.airTest < AIR_TEST_PASSED) airTestStep(this, nowMs);
    const interlocks = this.interlocks;
    interlocks.evaluate(sensing.readings, raw, health.rawLow, health.rawHigh, this.armedBit, nowMs, alarms, 0, FAST_ROW_COUNT);
    if (thermal) interlocks.evaluate(sensing.readings, raw, health.rawLow, health.rawHigh, this.armedBit, nowMs, alarms, FAST_ROW_COUNT, ROW_COUNT);
    if (alarms.escalationDue(nowMs)) alarms.escalate(nowMs);
    if (alarms.storageFailed) alarms.reportStorage(nowMs);
    sensing.updateMeans(dtMs, pump.flowMlMin / pump.strokeMlPerRev);
    this.rotation.check(nowMs, dtMs, encoderPulses);
    // The lid is only an interlock while pumping: one left open since loading the tubing
    // trips as soon as the pump turns.
    if (this.inputs[IN_LID] && !alarms.raised[A_LID_OPEN] && this.isPumping()) alarms.raise(A_LID_OPEN, nowMs);
    if (this.state === STATE_CALIBRATING) pump.updateCalibration(dtMs);
    if (alarms.pumpStopCount > 0 || this.state === STATE_FAULT) pump.stop(nowMs);
    else {
      if (this.procedure.phase === PHASE_INFUSE) this.procedure.checkInfusionEnd(nowMs, dtMs);
      pump.ramp(nowMs, dtMs, this.targetFlowMlMin());
    }
    this.heater.update(nowMs, thermal);
    if (nowMs >= this.nextTelemetryMs) {
      this.nextTelemetryMs += TELEMETRY_PERIOD_MS;
      if (this.nextTelemetryMs <= nowMs) this.nextTelemetryMs = nowMs + TELEMETRY_PERIOD_MS;
      pump.integrateTo(nowMs);
      this.emit(eventLine('telemetry', telemetryJson(this)));
    }
    return this.outputs(nowMs);
  }
}
