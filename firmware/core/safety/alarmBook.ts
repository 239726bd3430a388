// The alarm book: which alarms are raised (reported, until cleared) and present (their
// condition holds now), latching, the audio pause, escalation of unanswered medium
// alarms, the highest alarm, and the count of engaged alarms that stop the pump or keep
// the heater off. Raising an alarm writes its `!alarm` line, records its reason in the
// fault log and has the host take its safe action at once (shutdown.ts decides which).

import { ALARM_COUNT, ALARM_FLAGS, A_SENSOR_FAULT, A_STORAGE_FAULT, F_LATCHED, F_PRIORITY, P_LOW, alarmId, alarmPriority } from './alarms';
import { ESCALATION_MS, RANK_HIGH, RANK_MEDIUM, RANK_NONE, SILENCE_MS } from './alarmSignals';
import { FaultLog } from './faultLog';
import { InterlockSink } from './interlocks';
import { ACT_HEATER_OFF, ACT_STOP_PUMP, actionsOf } from './shutdown';
import { CHANNEL_COUNT, CHANNEL_DECIMALS, CHANNEL_NAMES } from '../channels';
import { eventLine, quote } from '../format';
import { fixedOrNull, formatFixed } from '../text';

/** What the alarm book needs from the controller. */
export interface AlarmHost {
  emit(line: string): void;
  readonly faultLog?: FaultLog;
  /** The safe action of a raised alarm (actionsOf), at once. */
  act(alarm: number, nowMs: number): void;
}

export class AlarmBook implements InterlockSink {
  /** Alarm reported active (raised and not yet cleared). */
  readonly raised = new Uint8Array(ALARM_COUNT);
  /** Alarm condition present now. */
  readonly present = new Uint8Array(ALARM_COUNT);
  /** Sounding rank of each raised alarm (its priority, or high once escalated); 0 = not raised. */
  readonly rank = new Uint8Array(ALARM_COUNT);
  private readonly raisedAtMs = new Float64Array(ALARM_COUNT);
  /** Engaged (raised or present) alarms whose action stops the pump / forces the heater off. */
  pumpStopCount = 0;
  heaterOffCount = 0;
  /** The alarm to show first (highest rank, then table order), -1 = none; and its rank. */
  highest = -1;
  highestRank = RANK_NONE;
  /** Audio paused until then (`silence`), for alarms up to silenceRank. */
  silenceUntilMs = 0;
  silenceRank = RANK_NONE;
  /**
   * SENSOR_FAULT by channel (bit 1 << channel): raised (latched until ack), out of limits
   * now, and stuck now (the same raw value since it was called stuck). The last two are the
   * alarm's present condition: ack is refused while either holds.
   */
  sensorFaultMask = 0;
  sensorBadMask = 0;
  sensorStuckMask = 0;
  /** Last `ack` or `silence`: the operator has seen the alarms raised before it. */
  private operatorSeenMs = -1;
  /** Earliest time a medium alarm nobody answered escalates (Infinity = none pending). */
  private escalationDueMs = Infinity;
  /** A fault-log write failed since STORAGE_FAULT was last reported. */
  storageFailed = false;
  private shownAlarm = -1;
  private shownAlarmText = 'null';

  constructor(private readonly host: AlarmHost) {}

  /** The actions of an alarm now: its table flags, and for SENSOR_FAULT the channels it covers. */
  actions(alarm: number): number {
    return actionsOf(alarm, this.sensorFaultMask | this.sensorBadMask | this.sensorStuckMask);
  }

  /**
   * Recounts the engaged (raised or present) alarms that stop the pump or the heater.
   * Runs only when an alarm changes, so the control tick tests two numbers instead of
   * walking the alarm table (list indexing is linear in the interpreter).
   */
  recount(): void {
    let stops = 0;
    let heaterOff = 0;
    let highest = -1;
    let highestRank = RANK_NONE;
    for (let i = 0; i < ALARM_COUNT; i++) {
      const rank = this.rank[i];
      if (rank > highestRank) {
        highest = i;
        highestRank = rank;
      }
      if (!this.raised[i] && !this.present[i]) continue;
      const actions = this.actions(i);
      if (actions & ACT_STOP_PUMP) stops++;
      if (actions & ACT_HEATER_OFF) heaterOff++;
    }
    this.pumpStopCount = stops;
    this.heaterOffCount = heaterOff;
    this.highest = highest;
    this.highestRank = highestRank;
  }

  line(alarm: number, active: boolean, extra: string): string {
    return eventLine('alarm', '{"id":' + quote(alarmId(alarm)) + ',"priority":' + quote(alarmPriority(alarm)) + ',"active":' + active + extra + '}');
  }

  /** Raises an alarm: safe action at once, FAULT for a latched one. */
  raise(alarm: number, nowMs: number): void {
    if (!this.raised[alarm]) this.record(alarm, nowMs, -1, NaN, NaN, NaN);
    this.raiseWith(alarm, nowMs, '');
  }

  /** An alarm about an event, not a lasting condition: raised, and `ack` may clear it at once. */
  raiseOnce(alarm: number, nowMs: number): void {
    this.raise(alarm, nowMs);
    this.present[alarm] = 0;
    this.recount();
  }

  /**
   * The reason of a high or medium alarm into the fault log in flash: what showed the
   * hazard (channel, raw ratio, reading, limit) and when. The log bounds its own writes.
   */
  record(alarm: number, nowMs: number, channel: number, raw: number, value: number, limit: number): void {
    const log = this.host.faultLog;
    if (!log || (ALARM_FLAGS[alarm] & F_PRIORITY) === P_LOW || alarm === A_STORAGE_FAULT) return;
    const failed = log.failedWrites;
    log.append(nowMs, { id: alarmId(alarm), channel: channel < 0 ? '' : CHANNEL_NAMES[channel], raw, value, limit });
    // The record is lost, the alarm is not: the team hears the log can no longer be kept,
    // once the alarm being recorded has taken its action (raiseWith, or the next tick).
    if (log.failedWrites > failed) this.storageFailed = true;
  }

  /** A record the flash refused: STORAGE_FAULT, after the alarm that was being recorded. */
  reportStorage(nowMs: number): void {
    this.storageFailed = false;
    if (!this.raised[A_STORAGE_FAULT]) this.raiseOnce(A_STORAGE_FAULT, nowMs);
  }

  /** Bookkeeping of an alarm raised now: its sound, its escalation, the end of an audio pause it outranks. */
  markRaised(alarm: number, nowMs: number): void {
    this.raised[alarm] = 1;
    const rank = ALARM_FLAGS[alarm] & F_PRIORITY;
    this.rank[alarm] = rank;
    this.raisedAtMs[alarm] = nowMs;
    if (rank === RANK_MEDIUM && nowMs + ESCALATION_MS < this.escalationDueMs) this.escalationDueMs = nowMs + ESCALATION_MS;
    // An audio pause never hides an alarm more urgent than those it paused.
    if (rank > this.silenceRank) this.silenceUntilMs = 0;
  }

  /** raise, with `extra` fields for the alarm line (what showed the hazard). */
  raiseWith(alarm: number, nowMs: number, extra: string): void {
    const wasPresent = this.present[alarm];
    this.present[alarm] = 1;
    if (this.raised[alarm]) {
      if (!wasPresent) this.recount();
      return;
    }
    this.markRaised(alarm, nowMs);
    this.recount();
    this.host.emit(this.line(alarm, true, extra));
    this.host.act(alarm, nowMs);
    if (this.storageFailed) this.reportStorage(nowMs);
  }

  clear(alarm: number): void {
    if (!this.raised[alarm]) return;
    this.raised[alarm] = 0;
    this.rank[alarm] = RANK_NONE;
    if (alarm === A_SENSOR_FAULT) {
      for (let i = 0; i < CHANNEL_COUNT; i++) {
        if (this.sensorFaultMask & (1 << i)) this.host.emit(this.line(alarm, false, ',"channel":' + quote(CHANNEL_NAMES[i])));
      }
      this.sensorFaultMask = 0;
    } else this.host.emit(this.line(alarm, false, ''));
    this.recount();
  }

  /**
   * The condition of an alarm went away: non-latched alarms clear, latched ones wait for
   * `ack`. Also the InterlockSink's call when the last tripped row of an alarm is clear.
   */
  gone(alarm: number): void {
    if (!this.present[alarm]) return;
    this.present[alarm] = 0;
    this.recount();
    if (!(ALARM_FLAGS[alarm] & F_LATCHED)) this.clear(alarm);
  }

  /** InterlockSink: a limit row tripped; its alarm names the channel, the reading and the limit. */
  trip(alarm: number, channel: number, nowMs: number, raw: number, value: number, limit: number, dropStart: number): void {
    if (!this.raised[alarm]) this.record(alarm, nowMs, channel, raw, value, limit);
    // A drop row (LEAK): the estimate, the reservoir's fall since perfusion began less the additions.
    this.raiseWith(alarm, nowMs, ',"channel":' + quote(CHANNEL_NAMES[channel]) +
      ',"value":' + fixedOrNull(value, CHANNEL_DECIMALS[channel]) + ',"raw":' + fixedOrNull(raw, 4) + ',"limit":' + limit +
      (dropStart === dropStart ? ',"leak_ml":' + formatFixed(dropStart - value, 0) + ',"leak_pct":' + formatFixed(((dropStart - value) / dropStart) * 100, 1) : ''));
  }

  /** Whether a medium alarm is due to escalate. */
  escalationDue(nowMs: number): boolean {
    return nowMs >= this.escalationDueMs;
  }

  /** Medium alarms nobody answered for ESCALATION_MS sound as high from now on. */
  escalate(nowMs: number): void {
    let due = Infinity;
    for (let i = 0; i < ALARM_COUNT; i++) {
      if (this.rank[i] !== RANK_MEDIUM || this.raisedAtMs[i] <= this.operatorSeenMs) continue;
      const at = this.raisedAtMs[i] + ESCALATION_MS;
      if (nowMs < at) {
        if (at < due) due = at;
        continue;
      }
      this.rank[i] = RANK_HIGH;
      this.host.emit(eventLine('escalation', '{"id":' + quote(alarmId(i)) + ',"priority":"high"}'));
    }
    this.escalationDueMs = due;
    this.recount();
  }

  /** The operator answered (`ack`, `silence`): alarms raised so far do not escalate. */
  operatorSaw(nowMs: number): void {
    this.operatorSeenMs = nowMs;
    this.escalationDueMs = Infinity;
  }

  /** `silence`: the audio pause for the alarms sounding now. */
  silence(nowMs: number): void {
    this.operatorSaw(nowMs);
    this.silenceUntilMs = nowMs + SILENCE_MS;
    this.silenceRank = this.highestRank;
  }

  /** What the sounder should play now: the highest alarm's rank, unless audio is paused. */
  soundRank(nowMs: number): number {
    return nowMs < this.silenceUntilMs ? RANK_NONE : this.highestRank;
  }

  /** The highest alarm's id as JSON, remembered until it changes (telemetry prints it every second). */
  highestText(): string {
    if (this.highest !== this.shownAlarm) {
      this.shownAlarm = this.highest;
      this.shownAlarmText = this.highest < 0 ? 'null' : quote(alarmId(this.highest));
    }
    return this.shownAlarmText;
  }

  /** The first engaged alarm that stops the pump, -1 = none. */
  firstPumpStop(): number {
    for (let i = 0; i < ALARM_COUNT; i++) {
      if ((this.raised[i] || this.present[i]) && this.actions(i) & ACT_STOP_PUMP) return i;
    }
    return -1;
  }

  /** The first latched alarm whose condition is still present (`ack` is refused), -1 = none. */
  firstLatchedPresent(): number {
    for (let i = 0; i < ALARM_COUNT; i++) if (this.raised[i] && this.present[i] && (ALARM_FLAGS[i] & F_LATCHED)) return i;
    return -1;
  }

  /** SENSOR_FAULT's condition: a channel out of limits or stuck now. */
  sensorPresentChanged(): void {
    this.present[A_SENSOR_FAULT] = this.sensorBadMask | this.sensorStuckMask ? 1 : 0;
    this.recount();
  }

  /** `ack`: every latched alarm clears. */
  clearLatched(): void {
    for (let i = 0; i < ALARM_COUNT; i++) if ((ALARM_FLAGS[i] & F_LATCHED)) this.clear(i);
  }
}
