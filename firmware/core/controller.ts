// The pump's state machine: operator commands, alarms and the outputs they allow.
// Pure logic: time arrives as an argument, readings as arrays, and everything the
// controller says leaves through the injected `emit` function. The hardware layer
// applies `flowMlMin`, `pumpEnabled` and `heaterDuty` after every call.

import {
  ALARM_COUNT, ALARM_FLAGS, F_HEATER_OFF, F_LATCHED, F_PRIORITY, F_STOPS_PUMP, P_HIGH, P_LOW, alarmId, alarmPriority,
  A_AIR_IN_LINE, A_CALIBRATION_DEFAULT, A_DRIVER_FAULT, A_ESTOP, A_LID_OPEN, A_PUMP_SPEED,
  A_CLOCK_RC, A_HEATER_FAULT, A_PHASE_PROMPT, A_PRESSURE_GAP, A_PUMP_STALL, A_SENSOR_FAULT, A_SETTINGS_CORRUPT, A_TOURNIQUET_TIME,
  A_WATCHDOG_RESET,
} from './alarms';
import {
  CHANNEL_COUNT, CHANNEL_DECIMALS, CHANNEL_MAX, CHANNEL_MAX_RATE, CHANNEL_MIN, CHANNEL_NAMES, CH_LEVEL, CH_P_ART, CH_P_CUFF,
  CH_P_LIMB, CH_P_SYS, CH_P_VEN, CH_T_ART, CH_T_DIST, CH_T_PROX, CH_T_WATER, channelIndex,
  HEATER_SENSOR_CHANNELS, OPTIONAL_CHANNELS, PUMP_SENSOR_CHANNELS,
  INPUT_COUNT, INPUT_NAMES, IN_BUBBLE, IN_DRV_FAULT, IN_ESTOP, IN_LID, inputBit,
} from './channels';
import { ESCALATION_MS, RANK_HIGH, RANK_MEDIUM, RANK_NONE, SILENCE_MS } from './alarmSignals';
import { eventLine, quote } from './format';
import { HeaterGuard } from './heaterGuard';
import { HEATER_STATE_LENGTH, heaterDuty } from './heaterControl';
import { FaultLog, formatEntry } from './faultLog';
import {
  ARMED_CALIBRATING, ARMED_FAULT, ARMED_IDLE, ARMED_PERFUSING, ARMED_PRIMING, FAST_ROW_COUNT, InterlockEngine, InterlockSink,
  ROW_COUNT, SLOW_ROW_EVERY_TICKS,
} from './interlocks';
import { DEFAULT_PROFILE_ID, KIND_ILP, KIND_RLP, Profile, findProfile, profileIds } from './profiles';
import {
  PHASE_DONE, PHASE_DRUG1, PHASE_DRUG2, PHASE_DWELL, PHASE_INFUSE, PHASE_NONE, PHASE_WARMUP, PHASE_WASHOUT, phaseName,
} from './procedure';
import {
  DEFAULT_TUBING, DriveTrain, TUBING_NAMES, TUBING_STROKE_ML, STALL_MIN_MS, STALL_MISSING_PULSES, rampToward, stepsPerMl, tubingIndex,
} from './pumpDrive';
import {
  ChannelConverter, FRONT_END_LINEAR, FRONT_END_THERMISTOR, FrontEnd, RAIL_MARGIN, faultCause, rawLimits, steepestRatioPerUnit, thermistorRatioAt,
} from './sensing';
import {
  SPAN_CHANNELS, Settings, SettingsIO, decodeSettings, defaultSettings, encodeSettings, spanInRange, strokeInRange,
} from './settings';
import { fixedOrNull, formatFixed, isPrintableAscii, jsonFixed, parseDecimal, splitWords } from './text';

export const STATE_BOOT = 'BOOT';
export const STATE_IDLE = 'IDLE';
export const STATE_PRIMING = 'PRIMING';
export const STATE_PERFUSING = 'PERFUSING';
export const STATE_FAULT = 'FAULT';
/** Timed collection: the pump turns a set number of head revolutions for calibration. */
export const STATE_CALIBRATING = 'CALIBRATING';

/** Head speed of a calibration run, rev/min, and the revolutions it turns by default. */
export const CALIBRATION_RPM = 10;
export const CALIBRATION_REVS_DEFAULT = 10;
export const CALIBRATION_REVS_MAX = 50;

export const TELEMETRY_PERIOD_MS = 1000;
/** A cuff below this is released (deflated): the tourniquet time starts again at the next inflation. */
export const TOURNIQUET_RELEASED_MMHG = 20;
/**
 * Pressure servo: the flow cap moves by this much per second per mmHg the limb is above
 * its ceiling (p_sys less the profile's margin). The limb's pressure follows the flow at
 * about 0.2 mmHg per mL/min (ILP leg), so the loop closes with a time constant of about
 * 15 s, three times the pressure means' own lag: no oscillation.
 */
export const SERVO_ML_MIN_PER_MMHG_S = 0.3;
/** Below the ceiling by more than this, the cap moves back up toward the setpoint; within it, it holds. */
export const SERVO_BAND_MMHG = 3;
/** Seconds at the lowest flow still above the ceiling before PRESSURE_GAP. */
export const SERVO_GAP_S = 30;
/** Tick of the procedure's once-a-second work (phase timers, tourniquet time), out of PLAUSIBILITY_EVERY_TICKS. */
const PROCEDURE_TICK = 3;
/** Largest pressure offset `zero` accepts: more means the transducer is not open to air. */
export const ZERO_LIMIT_MMHG = 50;
/**
 * The heater control keeps the warmest tissue probe and the water this far below their
 * hard limits (T_TISSUE_HIGH, T_WATER_HIGH): for ILP leg 40 degC tissue (melphalan: tissue
 * above 39 but not above 40) and 44 degC water.
 */
export const TISSUE_CEILING_MARGIN_C = 1;
export const WATER_CEILING_MARGIN_C = 1;
/**
 * Duty from which the heater counts as heating hard for its runaway guard: a heater
 * nudged gently near the target need not raise the temperature within the guard's window.
 */
const GUARD_HEATING_DUTY = 0.5;

/** Rollers on the pump head: the line pressure pulses once per roller pass. */
export const HEAD_ROLLERS = 2;
/** Smallest time constant of the mean line pressure, ms (pump stopped or fast). */
export const PRESSURE_MEAN_MIN_TAU_MS = 1000;
/** Largest offset `tare` accepts, mL. */
export const TARE_LIMIT_ML = 1000;

/** Window over which encoder pulses are compared with the programmed flow. */
export const SPEED_WINDOW_MS = 2000;
/** Measured/expected pulses outside 1 +- this over a steady window: PUMP_SPEED. */
export const SPEED_TOLERANCE = 0.2;

/** Control ticks a raw value must stay out of its limits before SENSOR_FAULT (filters spikes). */
export const SENSOR_FAULT_TICKS = 3;

/**
 * The plausibility checks (stuck, implausible) run once every this many ticks, once a
 * second at 5 Hz: their evidence builds over seconds, and on the interpreter a pass over
 * every channel costs as much as the rest of the sensor checks.
 */
export const PLAUSIBILITY_EVERY_TICKS = 5;
/**
 * Checks a channel's raw ADC value may be exactly the same before it is called stuck
 * (60 s). A live sensor's converter always moves by a code or more over that time.
 */
export const STUCK_CHECKS = 60;
/**
 * Consecutive checks whose raw value moved further over the last two checks (2 s) than
 * the channel can really change before SENSOR_FAULT (implausible): a value that jumps
 * and stays is seen twice, a single-sample spike once.
 */
export const IMPLAUSIBLE_CHECKS = 2;

export type Emit = (line: string) => void;

// A command handler answers `ok <command> ...`, or refuses with `<code> <reason>` and
// `command` makes that `err <command> <code> <reason>`. The codes are prefixes, so the
// minifier joins code and reason into one string.
const SYNTAX = 'syntax ';
const RANGE = 'range ';
const STATE = 'state ';
const NOT_SAVED = STATE + 'could not write settings to flash';
const STOP_FIRST = STATE + 'stop the pump first';
const IDLE_STOPPED = STATE + 'only in IDLE with the pump stopped';

function notANumber(text: string): string {
  return SYNTAX + 'not a number: ' + text;
}

/**
 * Every command with the fewest and the most arguments it takes and its usage, the reason
 * of its syntax error: `<word> <min> <max>[ <usage>]`, `;` between commands. A literal
 * returned by a function, read only when a command arrives: the text stays in flash and
 * costs no variables (a module constant would hold a copy in RAM, 30 variables).
 */
export function commandTable(): string {
  return 'status 0 0;log 0 0;zero 0 0;prime 0 0;start 0 0;stop 0 0;next 0 0;ack 0 0;silence 0 0;' +
  'protocol 1 1 <ilp-leg|ilp-arm|ili|rlp-equine>;flow 1 2 <mL/min> [confirm];temp 1 2 <degC> [confirm];' +
  'add 1 1 <mL>;infuse 2 2 <mL> <min>;tubing 1 1 <1/4|3/8|1/2>;span 2 2 <p_art|p_ven|p_cuff> <mmHg>;' +
  'tare 0 1 [<mL in the reservoir>];calibrate 0 1 [<revolutions>];collected 1 1 <mL>';
}

/** The interlock engine's bit for a state (see interlocks.ts). */
function stateBit(state: string): number {
  if (state === STATE_IDLE) return ARMED_IDLE;
  if (state === STATE_PRIMING) return ARMED_PRIMING;
  if (state === STATE_PERFUSING) return ARMED_PERFUSING;
  if (state === STATE_CALIBRATING) return ARMED_CALIBRATING;
  if (state === STATE_FAULT) return ARMED_FAULT;
  return 0;
}

export class Controller implements InterlockSink {
  state = STATE_BOOT;
  /** stateBit(state), kept with it. */
  armedBit = 0;
  /** The limit interlocks (interlocks.ts), with the active profile's limits. */
  readonly interlocks = new InterlockEngine();
  /** Runaway protection of the heater (heaterGuard.ts); guarding = it has the target. */
  readonly heaterGuard = new HeaterGuard();
  private guarding = false;
  /** The procedure's phase (procedure.ts), since when, the volume pumped when it began, and whether it prompted. */
  phase = PHASE_NONE;
  private phaseStartMs = 0;
  private phaseStartVolumeMl = 0;
  private prompted = false;
  /** Volume the infusion delivers (RLP), mL. */
  private infuseMl = 0;
  /** The pressure servo's flow cap (Infinity = none), the limb's mean pressure, and seconds it has failed at the lowest flow. */
  servoCapMlMin = Infinity;
  pLimbMeanMmHg = NaN;
  private servoFailS = 0;
  /** Since when the tourniquet is on (cuff at or above its minimum); -1 = released. */
  private tourniquetSinceMs = -1;
  /** The heater control's state (heaterControl.ts) and the time of its last step. */
  private readonly heaterState = new Float64Array(HEATER_STATE_LENGTH);
  private heaterStepMs = 0;
  profile: Profile;
  flowSetMlMin: number;
  tempSetC: number;
  /** Flow currently programmed into the step timer (the ramp's position), mL/min. */
  flowMlMin = 0;
  pumpEnabled = false;
  heaterDuty = 0;
  /** Volume delivered since boot, integrated from the programmed flow, mL. */
  volumeMl = 0;
  /** Latest converted readings; NaN = not available. Filled by the hardware layer. */
  readings = new Float64Array(CHANNEL_COUNT);
  /** Latest digital input levels, 1 = active (hazard), by IN_* index. */
  inputs = new Uint8Array(INPUT_COUNT);
  /** The same levels as a mask (see inputBit). */
  inputMask = 0;
  /** Alarm reported active (raised and not yet cleared). */
  alarmRaised = new Uint8Array(ALARM_COUNT);
  /** Alarm condition present now. */
  alarmPresent = new Uint8Array(ALARM_COUNT);
  /** Engaged alarms whose action stops the pump / forces the heater off (see recountActions). */
  pumpStopCount = 0;
  heaterOffCount = 0;
  zeroArtMmHg = 0;
  zeroVenMmHg = 0;
  /** Reservoir offset set by `tare`, mL. */
  levelOffsetMl = 0;
  /**
   * Mean arterial and venous line pressures: the roller pump makes the line pressure pulse
   * once per roller pass, so these average over about 1.5 passes (time constant from the
   * pump speed). Telemetry, status and control use the means; interlocks use the
   * instantaneous readings, so smoothing never delays an alarm.
   */
  pArtMeanMmHg = NaN;
  pVenMeanMmHg = NaN;
  /** Audio paused until then (`silence`), for alarms up to silenceRank. */
  silenceUntilMs = 0;
  silenceRank = RANK_NONE;
  /** Sounding rank of each raised alarm (its priority, or high once escalated); 0 = not raised. */
  readonly alarmRank = new Uint8Array(ALARM_COUNT);
  private readonly raisedAtMs = new Float64Array(ALARM_COUNT);
  /** Last `ack` or `silence`: the operator has seen the alarms raised before it. */
  private operatorSeenMs = -1;
  /** Earliest time a medium alarm nobody answered escalates (Infinity = none pending). */
  private escalationDueMs = Infinity;
  /** The alarm to show first (highest rank, then table order), -1 = none; and its rank. */
  highestAlarm = -1;
  private shownAlarm = -1;
  private shownAlarmText = 'null';
  highestRank = RANK_NONE;
  private flowSinceMs = 0;
  private lastTickMs = -1;
  private nextTelemetryMs = 0;

  /** Channels with SENSOR_FAULT raised (latched until ack) and channels out of limits now. */
  sensorFaultMask = 0;
  sensorBadMask = 0;
  /** Channels whose raw value was out of limits on the last tick (badTicks > 0). */
  private badTickMask = 0;
  /** Control ticks since boot. */
  private tickCount = 0;
  /** The latest raw ratios (the hardware layer's array). */
  private lastRaw: Float64Array = new Float64Array(CHANNEL_COUNT);
  /** Optional channels with a front end: they connect when a transducer is plugged in. As a mask and as indexes. */
  private optionalWired = 0;
  private optionalIndexes: Uint8Array = new Uint8Array(0);
  /** Wired thermistor channels (sampled and judged on thermal ticks). */
  private thermistorMask = 0;
  /** Channels monitored: every wired one, except optional ones not (yet) connected. */
  connectedMask = 0;
  /** Calibration settings (stroke volume per tubing set), from flash or the defaults. */
  settings: Settings = defaultSettings();
  /** Head revolutions programmed during a calibration run, its target, and whether `collected` is awaited. */
  calibrationRevs = 0;
  calibrationTarget = 0;
  awaitingCollected = false;
  /** Tubing set in use (index into TUBING_NAMES) and its stroke volume, mL/rev. */
  tubingInUse = DEFAULT_TUBING;
  strokeMlPerRev = TUBING_STROKE_ML[DEFAULT_TUBING];
  /** STEP Hz per mL/min for the tubing in use. */
  stepHzPerMlMin = 0;
  private encoderLast = 0;
  private lastPulseMs = 0;
  private expectedSincePulse = 0;
  private windowStartMs = 0;
  private windowPulses = 0;
  private windowExpected = 0;
  private readonly converter: ChannelConverter;
  private readonly rawLow = new Float64Array(CHANNEL_COUNT);
  private readonly rawHigh = new Float64Array(CHANNEL_COUNT);
  private readonly badTicks = new Uint8Array(CHANNEL_COUNT);
  /** Fastest plausible change of each channel's raw ratio, per second (0 = not checked). */
  private readonly rawRateLimit = new Float64Array(CHANNEL_COUNT);
  /** Raw ratios at the last two plausibility checks (newest first) and their times. */
  private readonly past1 = new Float64Array(CHANNEL_COUNT);
  private readonly past2 = new Float64Array(CHANNEL_COUNT);
  private readonly pastMs = new Float64Array(2);
  /** Consecutive plausibility checks each channel moved implausibly. */
  private readonly jumpTicks = new Uint8Array(CHANNEL_COUNT);
  /** Consecutive valid ticks of an optional channel not yet connected. */
  private readonly connectTicks = new Uint8Array(CHANNEL_COUNT);
  /** Consecutive plausibility checks each channel's raw value has not changed. */
  private readonly sameTicks = new Uint16Array(CHANNEL_COUNT);

  constructor(
    private readonly geometry: DriveTrain,
    frontEnds: FrontEnd[],
    private readonly emit: Emit,
    private readonly settingsIO?: SettingsIO,
    private readonly faultLog?: FaultLog,
  ) {
    this.converter = new ChannelConverter(frontEnds);
    this.setStroke(this.strokeMlPerRev);
    this.past1.fill(NaN);
    this.past2.fill(NaN);
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      const limits = rawLimits(frontEnds[i], CHANNEL_MIN[i], CHANNEL_MAX[i]);
      this.rawLow[i] = limits[0];
      this.rawHigh[i] = limits[1];
      this.rawRateLimit[i] = CHANNEL_MAX_RATE[i] * steepestRatioPerUnit(frontEnds[i], CHANNEL_MIN[i], CHANNEL_MAX[i]);
    }
    const wired = this.converter.wired;
    for (let k = 0; k < wired.length; k++) this.connectedMask |= 1 << wired[k];
    this.optionalWired = this.connectedMask & OPTIONAL_CHANNELS;
    const optional: number[] = [];
    for (let i = 0; i < CHANNEL_COUNT; i++) if ((this.optionalWired >> i) & 1) optional.push(i);
    this.optionalIndexes = new Uint8Array(optional);
    for (let k = 0; k < wired.length; k++) if (this.converter.kind[wired[k]] === FRONT_END_THERMISTOR) this.thermistorMask |= 1 << wired[k];
    this.converter.setActive(this.connectedMask);
    this.connectedMask &= ~OPTIONAL_CHANNELS;
    const profile = findProfile(DEFAULT_PROFILE_ID) as Profile;
    this.profile = profile;
    this.flowSetMlMin = profile.flowDefaultMlMin;
    this.tempSetC = profile.tempDefaultC;
    for (let i = 0; i < CHANNEL_COUNT; i++) this.readings[i] = NaN;
    this.setLimits();
  }

  /**
   * Raw ratio a channel's front end gives at `value` of its reading, with the corrections
   * in force (zero, span, tare); NaN where the channel has no front end.
   */
  rawAt(channel: number, value: number): number {
    const fe = this.converter;
    const kind = fe.kind[channel];
    if (kind === FRONT_END_THERMISTOR) {
      return thermistorRatioAt(value, fe.seriesOhm[channel], { a: fe.shA[channel], b: fe.shB[channel], c: fe.shC[channel] });
    }
    if (kind !== FRONT_END_LINEAR) return NaN;
    let converted = value;
    const span = this.settings.span;
    if (channel === CH_P_ART) converted = value / span[0] + this.zeroArtMmHg;
    else if (channel === CH_P_VEN) converted = value / span[1] + this.zeroVenMmHg;
    else if (channel === CH_P_CUFF) converted = value / span[2];
    else if (channel === CH_LEVEL) converted = value + this.levelOffsetMl;
    return fe.ratioAtZero[channel] + converted * fe.ratioPerUnit[channel];
  }

  /** The interlock limits of the profile, also as raw ratios; again after every correction. */
  private setLimits(): void {
    this.interlocks.setLimits(this.profile, (channel, value) => this.rawAt(channel, value));
  }

  /** InterlockSink: a limit row tripped; its alarm names the channel, the reading and the limit. */
  trip(alarm: number, channel: number, nowMs: number, raw: number, value: number, limit: number, dropStart: number): void {
    if (!this.alarmRaised[alarm]) this.record(alarm, nowMs, channel, raw, value, limit);
    // A drop row (LEAK): the estimate, the reservoir's fall since perfusion began less the additions.
    this.raiseWith(alarm, nowMs, ',"channel":' + quote(CHANNEL_NAMES[channel]) +
      ',"value":' + fixedOrNull(value, CHANNEL_DECIMALS[channel]) + ',"raw":' + fixedOrNull(raw, 4) + ',"limit":' + limit +
      (dropStart === dropStart ? ',"leak_ml":' + formatFixed(dropStart - value, 0) + ',"leak_pct":' + formatFixed(((dropStart - value) / dropStart) * 100, 1) : ''));
  }

  private setStroke(strokeMlPerRev: number): void {
    this.strokeMlPerRev = strokeMlPerRev;
    const g = this.geometry;
    this.stepHzPerMlMin = stepsPerMl({
      strokeMlPerRev, motorStepsPerRev: g.motorStepsPerRev, microsteps: g.microsteps, gearRatio: g.gearRatio, accelMlMinPerS: g.accelMlMinPerS,
    }) / 60;
  }

  /** STEP frequency for the programmed flow. */
  stepHz(): number {
    return this.flowMlMin * this.stepHzPerMlMin;
  }

  /** `crystalClock`: whether the time base runs from the 32 kHz crystal (see hal/clock). */
  /**
   * Power-on, with the power-on self-test before IDLE: the stored settings (version, CRC,
   * ranges), the clock, the reset cause (a watchdog reset comes up in FAULT), the safety
   * inputs and one sample of every wired sensor (`raw`; NaN = not sampled yet, checked by
   * the first ticks). IDLE when all passed; FAULT when one latched a pump stop.
   */
  boot(nowMs: number, crystalClock: boolean, watchdogReset: boolean, raw: Float64Array, inputMask: number): void {
    this.flowSinceMs = nowMs;
    this.lastTickMs = nowMs;
    this.nextTelemetryMs = nowMs;
    this.loadSettings(nowMs);
    if (!crystalClock) this.raiseOnce(A_CLOCK_RC, nowMs);
    if (watchdogReset) this.raiseOnce(A_WATCHDOG_RESET, nowMs);
    this.pollInputs(inputMask, nowMs);
    this.lastRaw = raw;
    const wired = this.converter.wired;
    for (let k = 0; k < wired.length; k++) {
      const i = wired[k];
      const r = raw[i];
      if (!(this.connectedMask & (1 << i)) || r !== r || (r > this.rawLow[i] && r < this.rawHigh[i])) continue;
      this.badTicks[i] = SENSOR_FAULT_TICKS;
      this.badTickMask |= 1 << i;
      this.sensorFault(i, r, nowMs, '');
    }
    // Failed: any high alarm raised so far (a temperature fault too, though it only keeps
    // the heater off); FAULT follows only from one that latched a pump stop.
    let failed = -1;
    for (let i = 0; i < ALARM_COUNT && failed < 0; i++) if (this.alarmRaised[i] && (ALARM_FLAGS[i] & F_PRIORITY) === P_HIGH) failed = i;
    this.emit(eventLine('selftest', failed < 0 ? '{"result":"pass"}' : '{"result":"fail","alarm":' + quote(alarmId(failed)) + '}'));
    if (this.state === STATE_BOOT) this.setState(STATE_IDLE);
  }

  /** An alarm about an event, not a lasting condition: raised, and `ack` may clear it at once. */
  private raiseOnce(alarm: number, nowMs: number): void {
    this.raise(alarm, nowMs);
    this.alarmPresent[alarm] = 0;
    this.recountActions();
  }

  /** Reads the calibration from flash; missing or corrupt settings fall back to the defaults, with an alarm. */
  private loadSettings(nowMs: number): void {
    if (!this.settingsIO) return;
    const io = this.settingsIO;
    const decoded = decodeSettings(io.read(), (t) => io.crc32(t));
    if (typeof decoded === 'string') {
      this.settings = defaultSettings();
      this.emit(eventLine('settings', '{"status":' + quote(decoded) + '}'));
      // Nothing to observe that could make the condition go away: ack may clear the latch.
      this.raiseOnce(decoded === 'missing' ? A_CALIBRATION_DEFAULT : A_SETTINGS_CORRUPT, nowMs);
    } else this.settings = decoded;
    this.tubingInUse = this.settings.tubing;
    this.setStroke(this.settings.strokeMl[this.tubingInUse]);
    this.setLimits();
  }

  private saveSettings(): boolean {
    if (!this.settingsIO) return true;
    const io = this.settingsIO;
    return io.write(encodeSettings(this.settings, (t) => io.crc32(t)));
  }

  private setState(to: string): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.armedBit = stateBit(to);
    if (to === STATE_PERFUSING) this.interlocks.restartDrop(this.readings);
    this.emit(eventLine('state', '{"from":' + quote(from) + ',"to":' + quote(to) + '}'));
  }

  /** Adds the volume pumped at the programmed flow since the last change. */
  private integrateTo(nowMs: number): void {
    if (nowMs > this.flowSinceMs) this.volumeMl += (this.flowMlMin * (nowMs - this.flowSinceMs)) / 60000;
    this.flowSinceMs = nowMs;
  }

  private setFlow(flowMlMin: number, nowMs: number): void {
    if (flowMlMin === this.flowMlMin) return;
    this.integrateTo(nowMs);
    this.flowMlMin = flowMlMin;
  }

  /**
   * Recounts the engaged (raised or present) alarms that stop the pump or the heater.
   * Runs only when an alarm changes, so the control tick tests two numbers instead of
   * walking the alarm table (list indexing is linear in the interpreter).
   */
  private recountActions(): void {
    let stops = 0;
    let heaterOff = 0;
    let highest = -1;
    let highestRank = RANK_NONE;
    for (let i = 0; i < ALARM_COUNT; i++) {
      const rank = this.alarmRank[i];
      if (rank > highestRank) {
        highest = i;
        highestRank = rank;
      }
      if (!this.alarmRaised[i] && !this.alarmPresent[i]) continue;
      if (this.stopsPump(i)) stops++;
      if (this.turnsHeaterOff(i)) heaterOff++;
    }
    this.pumpStopCount = stops;
    this.heaterOffCount = heaterOff;
    this.highestAlarm = highest;
    this.highestRank = highestRank;
  }

  /** SENSOR_FAULT acts by channel: a pressure or level fault stops the pump, a temperature fault the heater. */
  private stopsPump(alarm: number): boolean {
    if (alarm === A_SENSOR_FAULT) return ((this.sensorFaultMask | this.sensorBadMask) & PUMP_SENSOR_CHANNELS) !== 0;
    return (ALARM_FLAGS[alarm] & F_STOPS_PUMP) !== 0;
  }

  private turnsHeaterOff(alarm: number): boolean {
    if (alarm === A_SENSOR_FAULT) return ((this.sensorFaultMask | this.sensorBadMask) & HEATER_SENSOR_CHANNELS) !== 0;
    return (ALARM_FLAGS[alarm] & F_HEATER_OFF) !== 0;
  }

  /** The safe action of a raised alarm, at once; FAULT when it latches a pump stop. */
  private act(alarm: number, nowMs: number): void {
    if (this.stopsPump(alarm)) {
      this.setFlow(0, nowMs);
      this.pumpEnabled = false;
      if ((ALARM_FLAGS[alarm] & F_LATCHED)) this.setState(STATE_FAULT);
    }
    if (this.turnsHeaterOff(alarm)) this.heaterDuty = 0;
  }

  private alarmLine(alarm: number, active: boolean, extra: string): string {
    return eventLine('alarm', '{"id":' + quote(alarmId(alarm)) + ',"priority":' + quote(alarmPriority(alarm)) + ',"active":' + active + extra + '}');
  }

  private isPumping(): boolean {
    return this.state === STATE_PRIMING || this.state === STATE_PERFUSING || this.state === STATE_CALIBRATING || this.flowMlMin > 0;
  }

  /** Raises an alarm: safe action at once, FAULT for a latched one. */
  private raise(alarm: number, nowMs: number): void {
    if (!this.alarmRaised[alarm]) this.record(alarm, nowMs, -1, NaN, NaN, NaN);
    this.raiseWith(alarm, nowMs, '');
  }

  /**
   * The reason of a high or medium alarm into the fault log in flash: what showed the
   * hazard (channel, raw ratio, reading, limit) and when. The log bounds its own writes.
   */
  private record(alarm: number, nowMs: number, channel: number, raw: number, value: number, limit: number): void {
    if (!this.faultLog || (ALARM_FLAGS[alarm] & F_PRIORITY) === P_LOW) return;
    this.faultLog.append(nowMs, { id: alarmId(alarm), channel: channel < 0 ? '' : CHANNEL_NAMES[channel], raw, value, limit });
  }

  /** Bookkeeping of an alarm raised now: its sound, its escalation, the end of an audio pause it outranks. */
  private markRaised(alarm: number, nowMs: number): void {
    this.alarmRaised[alarm] = 1;
    const rank = ALARM_FLAGS[alarm] & F_PRIORITY;
    this.alarmRank[alarm] = rank;
    this.raisedAtMs[alarm] = nowMs;
    if (rank === RANK_MEDIUM && nowMs + ESCALATION_MS < this.escalationDueMs) this.escalationDueMs = nowMs + ESCALATION_MS;
    // An audio pause never hides an alarm more urgent than those it paused.
    if (rank > this.silenceRank) this.silenceUntilMs = 0;
  }

  /** raise, with `extra` fields for the alarm line (what showed the hazard). */
  private raiseWith(alarm: number, nowMs: number, extra: string): void {
    const wasPresent = this.alarmPresent[alarm];
    this.alarmPresent[alarm] = 1;
    if (this.alarmRaised[alarm]) {
      if (!wasPresent) this.recountActions();
      return;
    }
    this.markRaised(alarm, nowMs);
    this.recountActions();
    this.emit(this.alarmLine(alarm, true, extra));
    this.act(alarm, nowMs);
  }

  private clear(alarm: number): void {
    if (!this.alarmRaised[alarm]) return;
    this.alarmRaised[alarm] = 0;
    this.alarmRank[alarm] = RANK_NONE;
    if (alarm === A_SENSOR_FAULT) {
      for (let i = 0; i < CHANNEL_COUNT; i++) {
        if (this.sensorFaultMask & (1 << i)) this.emit(this.alarmLine(alarm, false, ',"channel":' + quote(CHANNEL_NAMES[i])));
      }
      this.sensorFaultMask = 0;
    } else this.emit(this.alarmLine(alarm, false, ''));
    this.recountActions();
  }

  /**
   * Checks every wired channel's raw value against its limits. Out of limits: the reading
   * is withheld at once (telemetry null); after SENSOR_FAULT_TICKS ticks SENSOR_FAULT is
   * raised for that channel, naming it, with its raw value and the limit it crossed.
   */
  /**
   * Out of limits (open, short, out of range), judged every tick from the converter's
   * mask of channels without a reading (`bad`): a healthy tick costs one comparison. A
   * channel out of limits for SENSOR_FAULT_TICKS ticks in a row is a SENSOR_FAULT
   * (a single-sample spike is not); back in limits, its condition is gone.
   */
  private checkSensors(bad: number, raw: Float64Array, nowMs: number, thermal: boolean): void {
    // Judged now: the connected channels, thermistors only on thermal ticks (when sampled).
    let judged = thermal ? this.connectedMask : this.connectedMask & ~this.thermistorMask;
    let outside = bad;
    if (this.optionalWired & ~this.connectedMask) {
      const optional = this.optionalIndexes;
      for (let k = 0; k < optional.length; k++) {
        const i = optional[k];
        const r = raw[i];
        if ((this.connectedMask >> i) & 1) continue;
        // Not plugged in (a silent converter): the usual case, settled here cheaply.
        if (r !== r) this.connectTicks[i] = 0;
        else if (!this.notConnected(i, r)) {
          // Connected now (converted from the next tick on), or a short or a value out
          // of range before connecting: a connected sensor gone wrong.
          judged |= 1 << i;
          if (!((this.connectedMask >> i) & 1)) outside |= 1 << i;
        }
      }
    }
    outside &= judged;
    const pending = outside | (this.badTickMask & judged);
    if (pending === 0) return;
    const badTicks = this.badTicks;
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      if (!((pending >> i) & 1)) continue;
      if ((outside >> i) & 1) {
        this.badTickMask |= 1 << i;
        // A value out of limits is no reference for plausibility: start afresh once back.
        this.past1[i] = NaN;
        this.past2[i] = NaN;
        this.sameTicks[i] = 0;
        this.jumpTicks[i] = 0;
        if (badTicks[i] < 255) badTicks[i]++;
        if (badTicks[i] === SENSOR_FAULT_TICKS) this.sensorFault(i, raw[i], nowMs, '');
      } else this.sensorRecovered(i);
    }
  }

  /**
   * Plausibility, once every PLAUSIBILITY_EVERY_TICKS ticks, on channels in limits:
   * stuck (the very same raw value for STUCK_CHECKS checks: a frozen converter or
   * transducer amplifier) and implausible (the raw value moved over the last two checks
   * faster than the channel can really change, its rate limit turned into ratio per
   * second at the front end's steepest point so never stricter than meant, on
   * IMPLAUSIBLE_CHECKS checks in a row). Both latch. Checked on the raw value, before
   * smoothing and conversion.
   */
  private checkPlausible(raw: Float64Array, nowMs: number): void {
    const wired = this.converter.wired;
    const rawLow = this.rawLow;
    const rawHigh = this.rawHigh;
    const past1 = this.past1;
    const past2 = this.past2;
    const sameTicks = this.sameTicks;
    const jumpTicks = this.jumpTicks;
    const connected = this.connectedMask;
    const pastMs = this.pastMs;
    const spanS = (nowMs - pastMs[1]) / 1000;
    for (let k = 0; k < wired.length; k++) {
      const i = wired[k];
      const r = raw[i];
      if (!((connected >> i) & 1) || !(r > rawLow[i] && r < rawHigh[i])) continue;
      if (r === past1[i]) {
        if (++sameTicks[i] === STUCK_CHECKS) this.sensorFault(i, r, nowMs, 'stuck');
      } else sameTicks[i] = 0;
      const allowed = this.rawRateLimit[i] * spanS;
      if (allowed > 0) {
        const jump = r - past2[i];
        if (jump > allowed || -jump > allowed) {
          if (++jumpTicks[i] === IMPLAUSIBLE_CHECKS) this.sensorFault(i, r, nowMs, 'implausible');
        } else jumpTicks[i] = 0;
      }
    }
    past2.set(past1);
    past1.set(raw);
    pastMs[1] = pastMs[0];
    pastMs[0] = nowMs;
  }

  /**
   * PUMP_STALL: driven, but no encoder pulse while STALL_MISSING_PULSES were due.
   * PUMP_SPEED: over a window, the pulses counted differ from those the programmed flow
   * implies by more than SPEED_TOLERANCE (runaway or slipping head). The expected count is
   * integrated from the flow actually programmed each tick, so ramps do not trip it.
   */
  private checkRotation(nowMs: number, dtMs: number, encoderPulses: number): void {
    const pulses = encoderPulses - this.encoderLast;
    this.encoderLast = encoderPulses;
    const driven = this.pumpEnabled && this.flowMlMin > 0;
    if (!driven) {
      // Rotation can only be judged while driven: a stopped pump clears the condition, so
      // ack is possible; a head still blocked trips again on the next start.
      if (this.alarmPresent[A_PUMP_STALL]) this.gone(A_PUMP_STALL);
      if (this.alarmPresent[A_PUMP_SPEED]) this.gone(A_PUMP_SPEED);
      this.lastPulseMs = nowMs;
      this.expectedSincePulse = 0;
      this.windowStartMs = nowMs;
      this.windowPulses = 0;
      this.windowExpected = 0;
      return;
    }
    const expected = ((this.flowMlMin * dtMs) / 60000 / this.strokeMlPerRev) * this.geometry.encoderPulsesPerRev;
    if (pulses > 0) {
      this.lastPulseMs = nowMs;
      this.expectedSincePulse = 0;
    } else {
      this.expectedSincePulse += expected;
      if (this.expectedSincePulse >= STALL_MISSING_PULSES && nowMs - this.lastPulseMs >= STALL_MIN_MS) {
        this.raise(A_PUMP_STALL, nowMs);
        return;
      }
    }
    this.windowPulses += pulses;
    this.windowExpected += expected;
    if (nowMs - this.windowStartMs < SPEED_WINDOW_MS) return;
    // Too few pulses expected to judge (slow flow): keep counting.
    if (this.windowExpected >= 20) {
      const ratio = this.windowPulses / this.windowExpected;
      if (ratio > 1 + SPEED_TOLERANCE || ratio < 1 - SPEED_TOLERANCE) this.raise(A_PUMP_SPEED, nowMs);
      this.windowStartMs = nowMs;
      this.windowPulses = 0;
      this.windowExpected = 0;
    }
  }

  /**
   * An optional channel not connected yet: true while it stays so (reading withheld, no
   * checks). Valid for SENSOR_FAULT_TICKS ticks: connected, with an event. An open lead
   * or a silent converter is a transducer not plugged in; a short or a value out of range
   * is a connected sensor gone wrong, so it goes on to the fault checks.
   */
  private notConnected(channel: number, raw: number): boolean {
    // The usual case first, cheaply: nothing plugged in (a silent converter or an open
    // input, which is the low rail on a linear front end).
    if (raw !== raw || (raw < RAIL_MARGIN && this.converter.kind[channel] === FRONT_END_LINEAR)) {
      this.connectTicks[channel] = 0;
      this.readings[channel] = NaN;
      return true;
    }
    if (raw > this.rawLow[channel] && raw < this.rawHigh[channel]) {
      if (++this.connectTicks[channel] < SENSOR_FAULT_TICKS) {
        this.readings[channel] = NaN;
        return true;
      }
      this.connectTicks[channel] = 0;
      this.connectedMask |= 1 << channel;
      this.converter.setActive(this.connectedMask);
      this.emit(eventLine('sensor', '{"channel":' + quote(CHANNEL_NAMES[channel]) + ',"connected":true}'));
      return false;
    }
    this.connectTicks[channel] = 0;
    if (raw === raw && faultCause(this.converter.kind[channel], raw) !== 'open') return false;
    this.readings[channel] = NaN;
    return true;
  }

  /** `ack` with an optional channel's lead open or its converter silent: the transducer was unplugged. */
  private disconnectOptional(): void {
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      const bit = 1 << i;
      if (!(OPTIONAL_CHANNELS & bit & this.connectedMask & this.sensorBadMask)) continue;
      const raw = this.lastRaw[i];
      if (raw === raw && faultCause(this.converter.kind[i], raw) !== 'open') continue;
      this.connectedMask &= ~bit;
      this.converter.setActive(this.connectedMask);
      this.readings[i] = NaN;
      this.sensorRecovered(i);
      this.emit(eventLine('sensor', '{"channel":' + quote(CHANNEL_NAMES[i]) + ',"connected":false}'));
    }
  }

  /** cause '' = out of raw limits (present while it lasts); 'implausible' or 'stuck': latched only. */
  private sensorFault(channel: number, raw: number, nowMs: number, cause: string): void {
    const bit = 1 << channel;
    if (!cause) {
      this.sensorBadMask |= bit;
      this.alarmPresent[A_SENSOR_FAULT] = 1;
    }
    if (this.sensorFaultMask & bit) {
      this.recountActions();
      return;
    }
    this.sensorFaultMask |= bit;
    if (!this.alarmRaised[A_SENSOR_FAULT]) this.markRaised(A_SENSOR_FAULT, nowMs);
    this.recountActions();
    const limit = raw <= this.rawLow[channel] ? this.rawLow[channel] : this.rawHigh[channel];
    this.record(A_SENSOR_FAULT, nowMs, channel, raw, NaN, cause ? NaN : limit);
    this.emit(this.alarmLine(A_SENSOR_FAULT, true, ',"channel":' + quote(CHANNEL_NAMES[channel]) +
      ',"cause":' + quote(cause || faultCause(this.converter.kind[channel], raw)) + ',"value":' + fixedOrNull(raw, 4) +
      (cause ? '' : ',"limit":' + fixedOrNull(limit, 4))));
    this.act(A_SENSOR_FAULT, nowMs);
  }

  private sensorRecovered(channel: number): void {
    this.badTicks[channel] = 0;
    this.badTickMask &= ~(1 << channel);
    this.sensorBadMask &= ~(1 << channel);
    if (this.sensorBadMask === 0) this.alarmPresent[A_SENSOR_FAULT] = 0;
    this.recountActions();
  }

  /**
   * The condition of an alarm went away: non-latched alarms clear, latched ones wait for
   * `ack`. Also the InterlockSink's call when the last tripped row of an alarm is clear.
   */
  gone(alarm: number): void {
    if (!this.alarmPresent[alarm]) return;
    this.alarmPresent[alarm] = 0;
    this.recountActions();
    if (!(ALARM_FLAGS[alarm] & F_LATCHED)) this.clear(alarm);
  }

  /**
   * A digital input changed (edge from the hardware layer, or a level seen by the tick).
   * Input interlocks act here, without waiting for the next control tick.
   */
  setInput(input: number, active: boolean, nowMs: number): void {
    this.inputs[input] = active ? 1 : 0;
    if (active) this.inputMask |= inputBit(input);
    else this.inputMask &= ~inputBit(input);
    let alarm = -1;
    if (input === IN_ESTOP) alarm = A_ESTOP;
    else if (input === IN_BUBBLE) alarm = A_AIR_IN_LINE;
    else if (input === IN_DRV_FAULT) alarm = A_DRIVER_FAULT;
    else if (input === IN_LID) alarm = A_LID_OPEN;
    if (alarm < 0) return;
    // The lid may be opened to load tubing while the pump stands still.
    if (active && (alarm !== A_LID_OPEN || this.isPumping())) this.raise(alarm, nowMs);
    else if (!active) this.gone(alarm);
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

  /**
   * One control cycle. `raw` holds each channel's ADC ratio (NaN where not wired);
   * `encoderPulses` is the running count of pump-head encoder pulses.
   */
  tick(nowMs: number, raw: Float64Array, encoderPulses: number): void {
    const dtMs = this.lastTickMs < 0 ? 0 : nowMs - this.lastTickMs;
    this.lastTickMs = nowMs;
    this.lastRaw = raw;
    const tickNo = ++this.tickCount;
    // Thermal ticks, every other one: new temperatures, then the rows and the heater
    // control that judge them (bounds and time constants of seconds).
    const thermal = tickNo % SLOW_ROW_EVERY_TICKS === 1;
    this.checkSensors(this.convert(raw, thermal), raw, nowMs, thermal);
    if (tickNo % PLAUSIBILITY_EVERY_TICKS === 0) this.checkPlausible(raw, nowMs);
    else if (tickNo % PLAUSIBILITY_EVERY_TICKS === PROCEDURE_TICK && this.profile.tourniquetMaxMin + this.phase > 0) this.procedureSecond(nowMs);
    const interlocks = this.interlocks;
    interlocks.evaluate(this.readings, raw, this.rawLow, this.rawHigh, this.armedBit, nowMs, this, 0, FAST_ROW_COUNT);
    if (thermal) interlocks.evaluate(this.readings, raw, this.rawLow, this.rawHigh, this.armedBit, nowMs, this, FAST_ROW_COUNT, ROW_COUNT);
    if (nowMs >= this.escalationDueMs) this.escalate(nowMs);
    this.updatePressureMeans(dtMs);
    this.checkRotation(nowMs, dtMs, encoderPulses);
    // The lid is only an interlock while pumping: one left open since loading the tubing
    // trips as soon as the pump turns.
    if (this.inputs[IN_LID] && !this.alarmRaised[A_LID_OPEN] && this.isPumping()) this.raise(A_LID_OPEN, nowMs);
    if (this.state === STATE_CALIBRATING) this.updateCalibration(dtMs);
    this.updatePump(nowMs, dtMs);
    this.updateHeater(nowMs, thermal);
    if (nowMs >= this.nextTelemetryMs) {
      this.nextTelemetryMs += TELEMETRY_PERIOD_MS;
      if (this.nextTelemetryMs <= nowMs) this.nextTelemetryMs = nowMs + TELEMETRY_PERIOD_MS;
      this.integrateTo(nowMs);
      this.emit(eventLine('telemetry', this.telemetryJson()));
    }
  }

  /** Readings from raw ratios, corrections applied; returns the mask of channels without a reading (see ChannelConverter.convert). */
  private convert(raw: Float64Array, thermal: boolean): number {
    const readings = this.readings;
    const bad = this.converter.convert(raw, readings, this.rawLow, this.rawHigh, thermal);
    const span = this.settings.span;
    readings[CH_P_ART] = (readings[CH_P_ART] - this.zeroArtMmHg) * span[0];
    readings[CH_P_VEN] = (readings[CH_P_VEN] - this.zeroVenMmHg) * span[1];
    readings[CH_P_CUFF] *= span[2];
    readings[CH_LEVEL] -= this.levelOffsetMl;
    return bad;
  }

  /** Medium alarms nobody answered for ESCALATION_MS sound as high from now on. */
  private escalate(nowMs: number): void {
    let due = Infinity;
    for (let i = 0; i < ALARM_COUNT; i++) {
      if (this.alarmRank[i] !== RANK_MEDIUM || this.raisedAtMs[i] <= this.operatorSeenMs) continue;
      const at = this.raisedAtMs[i] + ESCALATION_MS;
      if (nowMs < at) {
        if (at < due) due = at;
        continue;
      }
      this.alarmRank[i] = RANK_HIGH;
      this.emit(eventLine('escalation', '{"id":' + quote(alarmId(i)) + ',"priority":"high"}'));
    }
    this.escalationDueMs = due;
    this.recountActions();
  }

  /** The operator answered (`ack`, `silence`): alarms raised so far do not escalate. */
  private operatorSaw(nowMs: number): void {
    this.operatorSeenMs = nowMs;
    this.escalationDueMs = Infinity;
  }

  /** What the sounder should play now: the highest alarm's rank, unless audio is paused. */
  soundRank(nowMs: number): number {
    return nowMs < this.silenceUntilMs ? RANK_NONE : this.highestRank;
  }

  private updatePressureMeans(dtMs: number): void {
    const rpm = this.flowMlMin / this.strokeMlPerRev;
    let tauMs = rpm > 0 ? (1.5 * 60000) / (rpm * HEAD_ROLLERS) : PRESSURE_MEAN_MIN_TAU_MS;
    if (tauMs < PRESSURE_MEAN_MIN_TAU_MS) tauMs = PRESSURE_MEAN_MIN_TAU_MS;
    const a = dtMs / (tauMs + dtMs);
    const art = this.readings[CH_P_ART];
    const ven = this.readings[CH_P_VEN];
    const artMean = this.pArtMeanMmHg;
    const venMean = this.pVenMeanMmHg;
    this.pArtMeanMmHg = art !== art ? NaN : artMean === artMean ? artMean + (art - artMean) * a : art;
    this.pVenMeanMmHg = ven !== ven ? NaN : venMean === venMean ? venMean + (ven - venMean) * a : ven;
    const limb = this.readings[CH_P_LIMB];
    const limbMean = this.pLimbMeanMmHg;
    this.pLimbMeanMmHg = limb !== limb ? NaN : limbMean === limbMean ? limbMean + (limb - limbMean) * a : limb;
  }

  private targetFlowMlMin(): number {
    if (this.state === STATE_PRIMING) return this.profile.primeFlowMlMin;
    if (this.state === STATE_PERFUSING) return this.flowSetMlMin < this.servoCapMlMin ? this.flowSetMlMin : this.servoCapMlMin;
    if (this.state === STATE_CALIBRATING && this.calibrationRevs < this.calibrationTarget) return CALIBRATION_RPM * this.strokeMlPerRev;
    return 0;
  }

  /** Counts the head revolutions a calibration run programs, ramps included; ends the run once stopped. */
  private updateCalibration(dtMs: number): void {
    this.calibrationRevs += (this.flowMlMin * dtMs) / 60000 / this.strokeMlPerRev;
    if (this.calibrationRevs < this.calibrationTarget || this.flowMlMin > 0) return;
    this.awaitingCollected = true;
    this.setState(STATE_IDLE);
    this.emit(eventLine('calibration', '{"tubing":' + quote(TUBING_NAMES[this.tubingInUse]) + ',"revs":' + formatFixed(this.calibrationRevs, 3) +
      ',"next":"collected <mL>"}'));
  }

  private updatePump(nowMs: number, dtMs: number): void {
    if (this.pumpStopCount > 0 || this.state === STATE_FAULT) {
      this.setFlow(0, nowMs);
      this.pumpEnabled = false;
      return;
    }
    if (this.phase === PHASE_INFUSE && this.state === STATE_PERFUSING) {
      // The infusion ends on its volume: stop once what is pumped by the next tick reaches it.
      this.integrateTo(nowMs);
      if (this.volumeMl - this.phaseStartVolumeMl + (this.flowMlMin * dtMs) / 60000 >= this.infuseMl) {
        this.setState(STATE_IDLE);
        this.setPhase(PHASE_DWELL, nowMs, '');
      }
    }
    const next = rampToward(this.flowMlMin, this.targetFlowMlMin(), dtMs, this.geometry.accelMlMinPerS);
    this.setFlow(next, nowMs);
    this.pumpEnabled = next > 0;
  }

  /** Heater duty from the perfusate temperature; computed on thermal ticks, when the temperatures are new. */
  private updateHeater(nowMs: number, thermal: boolean): void {
    const tArt = this.readings[CH_T_ART];
    const heating = this.state === STATE_PRIMING || this.state === STATE_PERFUSING;
    if (!heating) {
      this.heaterDuty = 0;
      if (this.guarding) this.heaterGuard.stop(nowMs);
      this.guarding = false;
      return;
    }
    if (!this.guarding) {
      this.heaterGuard.setTarget(this.tempSetC, nowMs);
      this.heaterState[0] = 0;
    }
    this.guarding = true;
    if (!thermal) {
      // Same temperature as on the last thermal tick: same duty, unless the heater must go off now.
      if (this.heaterOffCount > 0 || tArt !== tArt) this.heaterDuty = 0;
      return;
    }
    const dtS = (nowMs - this.heaterStepMs) / 1000;
    this.heaterStepMs = nowMs;
    if (this.heaterOffCount > 0 || tArt !== tArt) {
      this.heaterDuty = 0;
      this.heaterState[0] = 0;
    } else {
      // The warmest tissue probe; a probe without a reading does not limit (its fault turns the heater off).
      const readings = this.readings;
      const prox = readings[CH_T_PROX];
      const dist = readings[CH_T_DIST];
      const tissue = prox !== prox || dist > prox ? dist : prox;
      const p = this.profile;
      this.heaterDuty = heaterDuty(this.heaterState, dtS > 0 && dtS < 5 ? dtS : 0, this.tempSetC, tArt,
        tissue, p.tTissueHighC - TISSUE_CEILING_MARGIN_C, readings[CH_T_WATER], p.tWaterHighC - WATER_CEILING_MARGIN_C);
    }
    if (this.heaterGuard.update(nowMs, tArt, this.heaterDuty >= GUARD_HEATING_DUTY)) {
      this.record(A_HEATER_FAULT, nowMs, CH_T_ART, NaN, tArt, this.tempSetC);
      this.raiseWith(A_HEATER_FAULT, nowMs, ',"cause":' + quote(this.heaterGuard.cause) + ',"value":' + fixedOrNull(tArt, 2) +
        ',"limit":' + this.tempSetC);
      // The guard latches its trip; ack resets it.
      this.alarmPresent[A_HEATER_FAULT] = 0;
      this.recountActions();
      this.heaterDuty = 0;
    }
  }

  /** The highest alarm's id as JSON, remembered until it changes (telemetry prints it every second). */
  private highestAlarmText(): string {
    if (this.highestAlarm !== this.shownAlarm) {
      this.shownAlarm = this.highestAlarm;
      this.shownAlarmText = this.highestAlarm < 0 ? 'null' : quote(alarmId(this.highestAlarm));
    }
    return this.shownAlarmText;
  }

  telemetryJson(): string {
    // Parts joined once: appending to a long string makes the interpreter walk it each time.
    const parts = ['{"state":"', this.state, '"'];
    const readings = this.readings;
    for (let i = 0; i < CHANNEL_COUNT; i++) parts.push(',"', CHANNEL_NAMES[i], '":', jsonFixed(readings[i], CHANNEL_DECIMALS[i]));
    parts.push(',"p_art_mean":', jsonFixed(this.pArtMeanMmHg, 1), ',"p_ven_mean":', jsonFixed(this.pVenMeanMmHg, 1),
      ',"alarm":', this.highestAlarmText());
    for (let i = 0; i < INPUT_COUNT; i++) parts.push(',"', INPUT_NAMES[i], '":', String(this.inputs[i]));
    parts.push(',"flow":', jsonFixed(this.flowMlMin, 1), ',"volume":', jsonFixed(this.volumeMl, 1), '}');
    return parts.join('');
  }

  private activeAlarmIds(): string {
    let ids = '';
    for (let i = 0; i < ALARM_COUNT; i++) {
      if (this.alarmRaised[i]) ids += (ids ? ',' : '') + alarmId(i);
    }
    return ids || 'none';
  }

  private firstInterlock(): number {
    for (let i = 0; i < ALARM_COUNT; i++) {
      if ((this.alarmRaised[i] || this.alarmPresent[i]) && this.stopsPump(i)) return i;
    }
    return -1;
  }

  /** Why the pump may not start now (an interlock, the open lid), or ''. */
  private startRefusal(): string {
    const interlock = this.firstInterlock();
    if (interlock >= 0) return STATE + 'interlock active: ' + alarmId(interlock);
    return this.inputs[IN_LID] ? STATE + 'pump-head lid open' : '';
  }

  /**
   * Executes one command line and returns its single reply line. The arguments are checked
   * against commandTable(); a handler answers `ok ...` or refuses with `<code> <reason>`,
   * which becomes `err <command> <code> <reason>`.
   */
  command(line: string, nowMs: number): string {
    if (!isPrintableAscii(line)) return 'err - syntax non-printable characters in line';
    const words = splitWords(line);
    if (words.length === 0) return 'err - syntax empty command';
    const word = words[0].toLowerCase();
    const table = ';' + commandTable() + ';';
    const at = table.indexOf(';' + word + ' ');
    // A word the table does not have, or (a slip in the table) one no handler takes.
    let reply = 'unknown unknown command';
    if (at < 0) return 'err ' + word + ' ' + reply;
    const argCount = words.length - 1;
    const counts = at + word.length + 2;
    const usage = table.substring(counts + 3, table.indexOf(';', counts));
    const confirmed = argCount === 2 && words[2].toLowerCase() === 'confirm';
    const arg = words[1];
    if (argCount < table.charCodeAt(counts) - 48 || argCount > table.charCodeAt(counts + 2) - 48 ||
      (argCount === 2 && usage.indexOf('[confirm]') > 0 && !confirmed)) {
      reply = SYNTAX + 'usage: ' + word + usage;
    } else if (word === 'status') reply = this.status(nowMs);
    else if (word === 'log') reply = this.cmdLog();
    else if (word === 'zero') reply = this.cmdZero();
    else if (word === 'prime') reply = this.cmdRun(STATE_PRIMING, word, nowMs);
    else if (word === 'start') reply = this.cmdRun(STATE_PERFUSING, word, nowMs);
    else if (word === 'stop') reply = this.cmdStop();
    else if (word === 'next') reply = this.cmdNext(nowMs);
    else if (word === 'ack') reply = this.cmdAck(nowMs);
    else if (word === 'silence') {
      this.operatorSaw(nowMs);
      this.silenceUntilMs = nowMs + SILENCE_MS;
      this.silenceRank = this.highestRank;
      reply = 'ok silence ' + SILENCE_MS / 1000;
    } else if (word === 'protocol') reply = this.cmdProtocol(arg.toLowerCase());
    else if (word === 'flow') reply = this.cmdFlow(arg, confirmed);
    else if (word === 'temp') reply = this.cmdTemp(arg, confirmed, nowMs);
    else if (word === 'add') reply = this.cmdAdd(arg);
    else if (word === 'infuse') reply = this.cmdInfuse(arg, words[2]);
    else if (word === 'tubing') reply = this.cmdTubing(arg);
    else if (word === 'span') reply = this.cmdSpan(arg.toLowerCase(), words[2]);
    else if (word === 'tare') reply = this.cmdTare(argCount ? arg : '0');
    else if (word === 'calibrate') reply = this.cmdCalibrate(argCount ? arg : '');
    else if (word === 'collected') reply = this.cmdCollected(arg);
    return reply.substring(0, 3) === 'ok ' ? reply : 'err ' + word + ' ' + reply;
  }

  /** The fault log, oldest first, one `!log` line per record, then the reply. */
  private cmdLog(): string {
    if (!this.faultLog) return 'ok log 0';
    const entries = this.faultLog.records();
    for (let i = 0; i < entries.length; i++) this.emit(eventLine('log', '{"entry":' + quote(formatEntry(entries[i])) + '}'));
    return 'ok log ' + entries.length + (this.faultLog.droppedCount ? ' dropped=' + this.faultLog.droppedCount : '');
  }

  private cmdProtocol(id: string): string {
    if (this.state !== STATE_IDLE) return STATE + 'only in IDLE, now ' + this.state;
    const profile = findProfile(id);
    if (!profile) return RANGE + 'unknown profile, expected ' + profileIds();
    this.profile = profile;
    this.setLimits();
    this.flowSetMlMin = profile.flowDefaultMlMin;
    this.tempSetC = profile.tempDefaultC;
    this.phase = PHASE_NONE;
    this.infuseMl = profile.infuseMl;
    if (profile.infuseMin > 0) this.flowSetMlMin = profile.infuseMl / profile.infuseMin;
    return 'ok protocol ' + id;
  }

  /** Parses and range-checks a setpoint; returns the reply, or '' when `value` is accepted. */
  private checkSetpoint(text: string, value: number, min: number, max: number, unit: string): string {
    if (value !== value) return notANumber(text);
    if (value < min || value > max) return RANGE + text + ' outside ' + min + '..' + max + ' ' + unit + ' for ' + this.profile.id;
    return '';
  }

  /** Above a profile's soft maximum a setpoint needs `confirm`; its hard limits no command passes. */
  private softLimit(word: string, text: string, value: number, softMax: number, confirmed: boolean, unit: string): string {
    if (value <= softMax || confirmed) return '';
    return RANGE + text + ' above the soft maximum ' + softMax + ' ' + unit + ' for ' + this.profile.id + ': send "' + word + ' ' + text + ' confirm"';
  }

  private cmdFlow(text: string, confirmed: boolean): string {
    const flow = parseDecimal(text);
    const p = this.profile;
    const rejected = this.checkSetpoint(text, flow, p.flowMinMlMin, p.flowMaxMlMin, 'mL/min') ||
      this.softLimit('flow', text, flow, p.flowSoftMaxMlMin, confirmed, 'mL/min');
    if (rejected) return rejected;
    this.flowSetMlMin = flow;
    return 'ok flow ' + flow;
  }

  private cmdTemp(text: string, confirmed: boolean, nowMs: number): string {
    const temp = parseDecimal(text);
    const p = this.profile;
    if (!(p.tempMaxC > 0)) return RANGE + p.id + ' is not heated: no temperature target';
    const rejected = this.checkSetpoint(text, temp, p.tempMinC, p.tempMaxC, 'degC') ||
      this.softLimit('temp', text, temp, p.tempSoftMaxC, confirmed, 'degC');
    if (rejected) return rejected;
    this.tempSetC = temp;
    // A new target restarts the runaway guard, so a setpoint change never trips it.
    if (this.guarding) this.heaterGuard.setTarget(temp, nowMs);
    return 'ok temp ' + temp;
  }

  private cmdTubing(name: string): string {
    if (this.state !== STATE_IDLE || this.flowMlMin > 0) return IDLE_STOPPED;
    const index = tubingIndex(name);
    if (index < 0) return RANGE + 'unknown tubing ' + name + ', expected ' + TUBING_NAMES.join('|');
    this.tubingInUse = index;
    this.settings.tubing = index;
    this.awaitingCollected = false;
    this.setStroke(this.settings.strokeMl[index]);
    return 'ok tubing ' + name + ' ' + formatFixed(this.strokeMlPerRev, 2) + ' mL/rev';
  }

  /** Span: with a reference pressure applied, scale the transducer so it reads that pressure. */
  private cmdSpan(channel: string, text: string): string {
    const reference = parseDecimal(text);
    if (reference !== reference) return notANumber(text);
    const which = SPAN_CHANNELS.indexOf(channel);
    if (which < 0) return RANGE + 'unknown channel ' + channel + ', expected ' + SPAN_CHANNELS.join('|');
    if (reference < 50 || reference > 500) return RANGE + text + ' outside 50..500 mmHg';
    if (this.isPumping()) return STOP_FIRST;
    const reading = this.readings[channelIndex(channel)];
    if (reading !== reading) return STATE + channel + ' sensor fault';
    const factor = (reference / reading) * this.settings.span[which];
    if (!spanInRange(factor)) return RANGE + channel + ' reads ' + formatFixed(reading, 1) + ' mmHg: gain ' + formatFixed(factor, 3) + ' outside 0.8..1.2; check the reference and transducer';
    const previous = this.settings.span[which];
    this.settings.span[which] = factor;
    this.setLimits();
    if (!this.saveSettings()) {
      this.settings.span[which] = previous;
      this.setLimits();
      return NOT_SAVED;
    }
    return 'ok span ' + channel + ' ' + formatFixed(factor, 4) + ' saved';
  }

  /** Tare: the reservoir now holds `ml` (default 0: empty). Pump stopped; not stored. */
  private cmdTare(text: string): string {
    const ml = parseDecimal(text);
    if (ml !== ml) return notANumber(text);
    if (this.isPumping()) return STOP_FIRST;
    const reading = this.readings[CH_LEVEL];
    if (reading !== reading) return STATE + 'level sensor fault';
    const offset = this.levelOffsetMl + reading - ml;
    if (offset > TARE_LIMIT_ML || offset < -TARE_LIMIT_ML) return RANGE + 'offset beyond ' + TARE_LIMIT_ML + ' mL; check the level sensor';
    this.levelOffsetMl = offset;
    this.setLimits();
    this.readings[CH_LEVEL] = ml;
    return 'ok tare level=' + formatFixed(ml, 0) + ' offset=' + formatFixed(offset, 0);
  }

  private cmdCalibrate(text: string): string {
    const revs = text ? parseDecimal(text) : CALIBRATION_REVS_DEFAULT;
    if (revs !== revs) return notANumber(text);
    if (revs < 1 || revs > CALIBRATION_REVS_MAX) return RANGE + text + ' outside 1..' + CALIBRATION_REVS_MAX + ' revolutions';
    if (this.state !== STATE_IDLE || this.flowMlMin > 0) return IDLE_STOPPED;
    const refused = this.startRefusal();
    if (refused) return refused;
    this.calibrationRevs = 0;
    this.calibrationTarget = revs;
    this.awaitingCollected = false;
    this.setState(STATE_CALIBRATING);
    return 'ok calibrate ' + TUBING_NAMES[this.tubingInUse] + ' ' + revs + ' revs; collect the outflow';
  }

  private cmdCollected(text: string): string {
    const ml = parseDecimal(text);
    if (ml !== ml) return notANumber(text);
    if (!this.awaitingCollected || this.state !== STATE_IDLE) return STATE + 'no finished calibration run';
    const stroke = ml / this.calibrationRevs;
    if (!strokeInRange(this.tubingInUse, stroke)) {
      return RANGE + formatFixed(stroke, 2) + ' mL/rev is more than ' + 25 + '% from the ' +
        TUBING_NAMES[this.tubingInUse] + ' in nominal ' + TUBING_STROKE_ML[this.tubingInUse] + ' mL/rev; check the tubing and occlusion';
    }
    const previous = this.settings.strokeMl[this.tubingInUse];
    this.settings.strokeMl[this.tubingInUse] = stroke;
    if (!this.saveSettings()) {
      this.settings.strokeMl[this.tubingInUse] = previous;
      return NOT_SAVED;
    }
    this.awaitingCollected = false;
    this.setStroke(stroke);
    this.gone(A_CALIBRATION_DEFAULT);
    this.clear(A_CALIBRATION_DEFAULT);
    return 'ok collected ' + TUBING_NAMES[this.tubingInUse] + ' ' + formatFixed(stroke, 2) + ' mL/rev saved';
  }

  private cmdZero(): string {
    if (this.isPumping()) return STOP_FIRST;
    const art = this.readings[CH_P_ART];
    const ven = this.readings[CH_P_VEN];
    if (art !== art || ven !== ven) return STATE + 'pressure sensor fault';
    const zeroArt = this.zeroArtMmHg + art;
    const zeroVen = this.zeroVenMmHg + ven;
    if (Math.abs(zeroArt) > ZERO_LIMIT_MMHG || Math.abs(zeroVen) > ZERO_LIMIT_MMHG) {
      return RANGE + 'offset beyond ' + ZERO_LIMIT_MMHG + ' mmHg; open the transducers to air';
    }
    this.zeroArtMmHg = zeroArt;
    this.zeroVenMmHg = zeroVen;
    this.setLimits();
    this.readings[CH_P_ART] = 0;
    this.readings[CH_P_VEN] = 0;
    return 'ok zero p_art=' + formatFixed(zeroArt, 1) + ' p_ven=' + formatFixed(zeroVen, 1);
  }

  private cmdRun(to: string, word: string, nowMs: number): string {
    const from = this.state;
    const allowed = from === STATE_IDLE || (to === STATE_PERFUSING && from === STATE_PRIMING);
    if (!allowed) return STATE + 'not allowed in ' + from;
    const refused = this.startRefusal();
    if (refused) return refused;
    this.integrateTo(nowMs);
    this.setState(to);
    if (to === STATE_PERFUSING && this.phase === PHASE_NONE) {
      const p = this.profile;
      if (p.kind === KIND_RLP) this.setPhase(PHASE_INFUSE, nowMs, '');
      else if (p.warmTissueC > 0) this.setPhase(PHASE_WARMUP, nowMs, '');
    }
    return 'ok ' + word + ' ' + this.targetFlowMlMin();
  }

  private cmdStop(): string {
    if (this.state === STATE_FAULT) return STATE + 'pump already stopped in FAULT; ack to leave';
    this.setState(STATE_IDLE);
    return 'ok stop';
  }

  private cmdAck(nowMs: number): string {
    this.operatorSaw(nowMs);
    this.disconnectOptional();
    for (let i = 0; i < ALARM_COUNT; i++) {
      if (this.alarmRaised[i] && this.alarmPresent[i] && (ALARM_FLAGS[i] & F_LATCHED)) {
        return STATE + alarmId(i) + ' still present';
      }
    }
    for (let i = 0; i < ALARM_COUNT; i++) if ((ALARM_FLAGS[i] & F_LATCHED)) this.clear(i);
    this.heaterGuard.reset(nowMs);
    if (this.state === STATE_FAULT) this.setState(STATE_IDLE);
    return 'ok ack';
  }

  /**
   * Once a second while a procedure runs or a tourniquet is timed: the phase timers and
   * volumes (procedure.ts), the warm-up's prompt, and the tourniquet time.
   */
  private procedureSecond(nowMs: number): void {
    const p = this.profile;
    const phase = this.phase;
    const elapsedMin = (nowMs - this.phaseStartMs) / 60000;
    if (phase === PHASE_WARMUP) {
      const prox = this.readings[CH_T_PROX];
      const dist = this.readings[CH_T_DIST];
      if (!this.prompted && prox >= p.warmTissueC && dist >= p.warmTissueC) {
        this.prompted = true;
        this.prompt(nowMs, 'tissue at ' + formatFixed(prox < dist ? prox : dist, 1) + ' degC: give the drug, then next');
      }
    } else if (phase === PHASE_DRUG1 && elapsedMin >= p.drug1Min && p.drug2Min > 0) {
      this.setPhase(PHASE_DRUG2, nowMs, 'give melphalan now');
    } else if ((phase === PHASE_DRUG1 && elapsedMin >= p.drug1Min) || (phase === PHASE_DRUG2 && elapsedMin >= p.drug2Min)) {
      this.setPhase(PHASE_WASHOUT, nowMs, 'drug phase over: wash out ' + p.washoutMl + ' mL');
    } else if (phase === PHASE_WASHOUT) {
      this.integrateTo(nowMs);
      if (this.volumeMl - this.phaseStartVolumeMl >= p.washoutMl) this.setPhase(PHASE_DONE, nowMs, 'washout done: stop the pump');
    } else if (phase === PHASE_DWELL && elapsedMin >= p.dwellMin) {
      this.setPhase(PHASE_DONE, nowMs, 'dwell over: release the tourniquet');
    }
    if (p.pSysMarginMmHg > 0 && this.state === STATE_PERFUSING) this.servo(nowMs);
    else this.servoCapMlMin = Infinity;
    if (!(p.tourniquetMaxMin > 0)) return;
    const cuff = this.readings[CH_P_CUFF];
    if (cuff >= p.cuffMinMmHg) {
      if (this.tourniquetSinceMs < 0) this.tourniquetSinceMs = nowMs;
      else if (nowMs - this.tourniquetSinceMs >= p.tourniquetMaxMin * 60000 && !this.alarmPresent[A_TOURNIQUET_TIME]) {
        this.raiseWith(A_TOURNIQUET_TIME, nowMs, ',"minutes":' + Math.floor((nowMs - this.tourniquetSinceMs) / 60000) + ',"limit":' + p.tourniquetMaxMin);
      }
    } else if (cuff < TOURNIQUET_RELEASED_MMHG) {
      this.tourniquetSinceMs = -1;
      this.gone(A_TOURNIQUET_TIME);
    }
  }

  /**
   * Pressure servo, once a second while perfusing with a systemic pressure (p_sys): keeps
   * the limb's mean pressure (p_limb, or p_art less the cannula's drop at this flow) at
   * least the profile's margin below systemic by capping the flow, down to the profile's
   * lowest flow; PRESSURE_GAP when even that does not hold it for SERVO_GAP_S.
   */
  private servo(nowMs: number): void {
    const p = this.profile;
    const sys = this.readings[CH_P_SYS];
    const limbMean = this.pLimbMeanMmHg;
    const limb = limbMean === limbMean ? limbMean : this.pArtMeanMmHg - p.cannulaMmHgPerMlMin * this.flowMlMin;
    if (sys !== sys || limb !== limb) {
      this.servoCapMlMin = Infinity;
      return;
    }
    const excess = limb - (sys - p.pSysMarginMmHg);
    let cap = this.servoCapMlMin < this.flowSetMlMin ? this.servoCapMlMin : this.flowSetMlMin;
    if (excess > 0) cap -= SERVO_ML_MIN_PER_MMHG_S * excess;
    else if (excess < -SERVO_BAND_MMHG) cap -= SERVO_ML_MIN_PER_MMHG_S * (excess + SERVO_BAND_MMHG);
    if (cap <= p.flowMinMlMin) cap = p.flowMinMlMin;
    this.servoCapMlMin = cap >= this.flowSetMlMin ? Infinity : cap;
    if (cap === p.flowMinMlMin && excess > SERVO_BAND_MMHG) {
      if (++this.servoFailS === SERVO_GAP_S) {
        this.raiseWith(A_PRESSURE_GAP, nowMs, ',"limb":' + formatFixed(limb, 0) + ',"p_sys":' + formatFixed(sys, 0) + ',"limit":' + p.pSysMarginMmHg);
      }
    } else {
      this.servoFailS = 0;
      this.gone(A_PRESSURE_GAP);
    }
  }

  /** A new phase: its event, its clock and volume start, and the operator's prompt (if any). */
  private setPhase(phase: number, nowMs: number, promptText: string): void {
    this.phase = phase;
    this.phaseStartMs = nowMs;
    this.integrateTo(nowMs);
    this.phaseStartVolumeMl = this.volumeMl;
    this.prompted = false;
    const drug = phase === PHASE_DRUG1 && this.profile.kind === KIND_ILP ? ',"drug":"tnf"' : phase === PHASE_DRUG2 ? ',"drug":"melphalan"' : '';
    this.emit(eventLine('phase', '{"name":' + quote(phaseName(phase)) + drug + '}'));
    if (promptText) this.prompt(nowMs, promptText);
  }

  /** Asks the operator to act: a `!prompt` line and the low PHASE_PROMPT alarm (two pulses), cleared by `ack` or the next phase. */
  private prompt(nowMs: number, text: string): void {
    this.emit(eventLine('prompt', '{"phase":' + quote(phaseName(this.phase)) + ',"text":' + quote(text) + '}'));
    this.clear(A_PHASE_PROMPT);
    this.raiseOnce(A_PHASE_PROMPT, nowMs);
  }

  /** `next`: the operator moves the procedure on (the drug was given; or early, by choice). */
  private cmdNext(nowMs: number): string {
    const phase = this.phase;
    const p = this.profile;
    if (phase === PHASE_NONE || phase === PHASE_DONE) return STATE + 'no procedure phase to end (' + phaseName(phase) + ')';
    if (phase === PHASE_INFUSE) return STATE + 'the infusion ends on its volume; stop to end it early';
    this.clear(A_PHASE_PROMPT);
    const to = phase === PHASE_WARMUP ? PHASE_DRUG1 : phase === PHASE_DRUG1 && p.drug2Min > 0 ? PHASE_DRUG2 :
      phase === PHASE_DRUG1 || phase === PHASE_DRUG2 ? PHASE_WASHOUT : PHASE_DONE;
    this.setPhase(to, nowMs, '');
    return 'ok next ' + phaseName(to);
  }

  /** `add <mL>`: perfusate or prime added to the reservoir, so the leak estimate does not count it as returned. */
  private cmdAdd(text: string): string {
    const ml = parseDecimal(text);
    const rejected = this.checkSetpoint(text, ml, 1, 2000, 'mL');
    if (rejected) return rejected;
    this.interlocks.addToDropStart(ml);
    return 'ok add ' + ml;
  }

  /** `infuse <mL> <min>` (RLP, before the infusion): the volume and the time it is given over. */
  private cmdInfuse(mlText: string, minText: string): string {
    const p = this.profile;
    if (p.kind !== KIND_RLP) return STATE + 'only for an infusion profile, not ' + p.id;
    if (this.state !== STATE_IDLE || this.phase !== PHASE_NONE) return STATE + 'only before the infusion starts';
    const ml = parseDecimal(mlText);
    const min = parseDecimal(minText);
    let rejected = this.checkSetpoint(mlText, ml, 1, 500, 'mL');
    if (!rejected) rejected = this.checkSetpoint(minText, min, 0.5, 120, 'min');
    if (!rejected) rejected = this.checkSetpoint(mlText + '/' + minText, ml / min, p.flowMinMlMin, p.flowMaxMlMin, 'mL/min');
    if (rejected) return rejected;
    this.infuseMl = ml;
    this.flowSetMlMin = ml / min;
    return 'ok infuse ' + ml + ' ' + min + ' ' + formatFixed(ml / min, 2);
  }

  private status(nowMs: number): string {
    let text = 'ok status state=' + this.state + ' profile=' + this.profile.id +
      ' flow=' + formatFixed(this.flowMlMin, 1) + ' flow_set=' + this.flowSetMlMin +
      ' temp_set=' + this.tempSetC + ' tubing=' + TUBING_NAMES[this.tubingInUse] + ' stroke=' + formatFixed(this.strokeMlPerRev, 2) +
      ' p_art_mean=' + fixedOrNull(this.pArtMeanMmHg, 1) +
      ' volume=' + formatFixed(this.volumeMl, 1) + ' phase=' + phaseName(this.phase) +
      (this.phase === PHASE_NONE ? '' : ' phase_min=' + formatFixed((nowMs - this.phaseStartMs) / 60000, 1)) +
      (this.tourniquetSinceMs < 0 ? '' : ' tourniquet_min=' + formatFixed((nowMs - this.tourniquetSinceMs) / 60000, 1));
    for (let i = 0; i < CHANNEL_COUNT; i++) {
      text += ' ' + CHANNEL_NAMES[i] + '=' + fixedOrNull(this.readings[i], CHANNEL_DECIMALS[i]);
    }
    return text + ' alarms=' + this.activeAlarmIds() + ' alarm=' + (this.highestAlarm < 0 ? 'none' : alarmId(this.highestAlarm)) +
      (nowMs < this.silenceUntilMs ? ' silenced=' + Math.ceil((this.silenceUntilMs - nowMs) / 1000) : '');
  }
}
