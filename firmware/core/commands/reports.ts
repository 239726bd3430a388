// Commands that report: `status` (one line of the case as it stands) and `log` (the fault
// log from flash, oldest first, one `!log` line per record, then the reply).

import type { Controller } from '../controller';
import { ALARM_COUNT, alarmId } from '../safety/alarms';
import { formatEntry } from '../safety/faultLog';
import { CHANNEL_COUNT, CHANNEL_DECIMALS, CHANNEL_NAMES } from '../channels';
import { TUBING_NAMES } from '../drive/pumpDrive';
import { eventLine, quote } from '../format';
import { PHASE_NONE, phaseName } from '../procedure/phases';
import { fixedOrNull, formatFixed } from '../text';

function activeAlarmIds(c: Controller): string {
  let ids = '';
  for (let i = 0; i < ALARM_COUNT; i++) {
    if (c.alarms.raised[i]) ids += (ids ? ',' : '') + alarmId(i);
  }
  return ids || 'none';
}

export function status(c: Controller, nowMs: number): string {
  const pump = c.pump;
  const procedure = c.procedure;
  const sensing = c.sensing;
  const alarms = c.alarms;
  const tourniquetSinceMs = c.tourniquet.sinceMs;
  let text = 'ok status state=' + c.state + ' profile=' + c.profile.id +
    ' flow=' + formatFixed(pump.flowMlMin, 1) + ' flow_set=' + c.flowSetMlMin +
    ' temp_set=' + c.tempSetC + ' tubing=' + TUBING_NAMES[pump.tubingInUse] + ' stroke=' + formatFixed(pump.strokeMlPerRev, 2) +
    ' p_art_mean=' + fixedOrNull(sensing.pArtMeanMmHg, 1) +
    ' volume=' + formatFixed(pump.volumeMl, 1) + ' phase=' + phaseName(procedure.phase) +
    (procedure.phase === PHASE_NONE ? '' : ' phase_min=' + formatFixed((nowMs - procedure.phaseStartMs) / 60000, 1)) +
    (tourniquetSinceMs !== tourniquetSinceMs ? '' : ' tourniquet_min=' + formatFixed((nowMs - tourniquetSinceMs) / 60000, 1));
  for (let i = 0; i < CHANNEL_COUNT; i++) {
    text += ' ' + CHANNEL_NAMES[i] + '=' + fixedOrNull(sensing.readings[i], CHANNEL_DECIMALS[i]);
  }
  return text + ' alarms=' + activeAlarmIds(c) + ' alarm=' + (alarms.highest < 0 ? 'none' : alarmId(alarms.highest)) +
    (nowMs < alarms.silenceUntilMs ? ' silenced=' + Math.ceil((alarms.silenceUntilMs - nowMs) / 1000) : '');
}

/** The fault log, oldest first, one `!log` line per record, then the reply. */
export function cmdLog(c: Controller): string {
  const log = c.faultLog;
  if (!log) return 'ok log 0';
  const entries = log.records();
  for (let i = 0; i < entries.length; i++) c.emit(eventLine('log', '{"entry":' + quote(formatEntry(entries[i])) + '}'));
  return 'ok log ' + entries.length + (log.droppedCount ? ' dropped=' + log.droppedCount : '');
}
