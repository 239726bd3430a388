// Power-on: the self-test and the stored calibration, run once and never again. It lives
// in the boot module (firmware/modules/boot.ts), read from Storage and dropped after boot,
// so none of it holds variables while the pump runs.

import { ALARM_COUNT, ALARM_FLAGS, A_CALIBRATION_DEFAULT, A_CLOCK_RC, A_FIRMWARE_FAULT, A_SETTINGS_CORRUPT, A_WATCHDOG_RESET,
  F_PRIORITY, P_HIGH, alarmId } from './safety/alarms';
import type { Controller, Outputs } from './controller';
import { eventLine, quote } from './format';
import { decodeSettings, defaultSettings } from './settings';
import { STATE_BOOT, STATE_IDLE } from './states';
import { restoreCase } from './procedure/caseRecord';

/** Reads the calibration from flash; missing or corrupt settings fall back to the defaults, with an alarm. */
function loadSettings(c: Controller, nowMs: number): void {
  const io = c.settingsIO;
  if (!io) return;
  const decoded = decodeSettings(io.read(), (t) => io.crc32(t));
  if (typeof decoded === 'string') {
    c.settings = defaultSettings();
    c.emit(eventLine('settings', '{"status":' + quote(decoded) + '}'));
    // Nothing to observe that could make the condition go away: ack may clear the latch.
    c.alarms.raiseOnce(decoded === 'missing' ? A_CALIBRATION_DEFAULT : A_SETTINGS_CORRUPT, nowMs);
  } else c.settings = decoded;
  c.pump.tubingInUse = c.settings.tubing;
  c.pump.setStroke(c.settings.strokeMl[c.pump.tubingInUse]);
  c.setLimits();
}

/** The self-test's verdict as its event: the first high alarm raised so far, if any. */
export function selfTestEvent(c: Controller): string {
  // Failed: any high alarm raised so far (a temperature fault too, though it only keeps
  // the heater off); FAULT follows only from one that latched a pump stop.
  let failed = -1;
  for (let i = 0; i < ALARM_COUNT && failed < 0; i++) if (c.alarms.raised[i] && (ALARM_FLAGS[i] & F_PRIORITY) === P_HIGH) failed = i;
  return eventLine('selftest', failed < 0 ? '{"result":"pass"}' : '{"result":"fail","alarm":' + quote(alarmId(failed)) + '}');
}

/**
 * Power-on, with the power-on self-test before IDLE: the stored settings (version, CRC,
 * ranges), the clock (`crystalClock`: getTime runs from the 32 kHz crystal), the reset
 * cause (a watchdog reset comes up in FAULT), the safety inputs and one sample of every
 * wired sensor (`raw`; NaN = not sampled yet, checked by the first ticks), and that the
 * firmware is whole (`firmwareWhole`: its on-demand modules present and of this build).
 * IDLE when all passed; FAULT when one latched a pump stop.
 */
export function bootController(c: Controller, nowMs: number, crystalClock: boolean, watchdogReset: boolean, raw: Float64Array,
  inputMask: number, firmwareWhole?: boolean, resetFlags?: number): Outputs {
  const alarms = c.alarms;
  c.pump.flowSinceMs = nowMs;
  c.lastTickMs = nowMs;
  c.nextTelemetryMs = nowMs;
  loadSettings(c, nowMs);
  if (!crystalClock) alarms.raiseOnce(A_CLOCK_RC, nowMs);
  if (watchdogReset) alarms.raiseOnce(A_WATCHDOG_RESET, nowMs);
  if (firmwareWhole === false) alarms.raise(A_FIRMWARE_FAULT, nowMs);
  c.pollInputs(inputMask, nowMs);
  c.health.bootCheck(raw, nowMs);
  c.emit(selfTestEvent(c));
  // The case after the self-test: CASE_RESTORED says what happened, not that a test failed.
  restoreCase(c, nowMs, resetFlags === undefined ? 0 : resetFlags);
  if (c.state === STATE_BOOT) c.setState(STATE_IDLE);
  return c.outputs(nowMs);
}
