// Commands that calibrate the circuit: the tubing in the head and its stroke volume by
// timed collection (tubing, calibrate, collected), the line transducers' zero and gain
// (zero, span) and the reservoir's tare. `collected` and `span` are stored in flash; a
// value the flash does not keep is not applied either.

import type { Controller } from '../controller';
import { A_CALIBRATION_DEFAULT } from '../safety/alarms';
import { CH_LEVEL, CH_P_ART, CH_P_VEN, channelIndex } from '../channels';
import { CALIBRATION_REVS_DEFAULT, CALIBRATION_REVS_MAX } from '../drive/pump';
import { TUBING_NAMES, TUBING_STROKE_ML, tubingIndex } from '../drive/pumpDrive';
import { SPAN_CHANNELS, encodeSettings, spanInRange, strokeInRange } from '../settings';
import { STATE_CALIBRATING, STATE_IDLE } from '../states';
import { formatFixed, parseDecimal } from '../text';
import { IDLE_STOPPED, NOT_SAVED, RANGE, STATE, STOP_FIRST, notANumber } from './replies';
import { startRefusal } from './run';

import { TARE_LIMIT_ML, ZERO_LIMIT_MMHG } from '../sensing/sensing';

export { TARE_LIMIT_ML, ZERO_LIMIT_MMHG };

function saveSettings(c: Controller): boolean {
  const io = c.settingsIO;
  if (!io) return true;
  return io.write(encodeSettings(c.settings, (t) => io.crc32(t)));
}

export function cmdTubing(c: Controller, name: string): string {
  const pump = c.pump;
  if (c.state !== STATE_IDLE || pump.flowMlMin > 0) return IDLE_STOPPED;
  const index = tubingIndex(name);
  if (index < 0) return RANGE + 'unknown tubing ' + name + ', expected ' + TUBING_NAMES.join('|');
  pump.tubingInUse = index;
  c.settings.tubing = index;
  pump.awaitingCollected = false;
  pump.setStroke(c.settings.strokeMl[index]);
  return 'ok tubing ' + name + ' ' + formatFixed(pump.strokeMlPerRev, 2) + ' mL/rev';
}

/** Span: with a reference pressure applied, scale the transducer so it reads that pressure. */
export function cmdSpan(c: Controller, channel: string, text: string): string {
  const reference = parseDecimal(text);
  if (reference !== reference) return notANumber(text);
  const which = SPAN_CHANNELS.indexOf(channel);
  if (which < 0) return RANGE + 'unknown channel ' + channel + ', expected ' + SPAN_CHANNELS.join('|');
  if (reference < 50 || reference > 500) return RANGE + text + ' outside 50..500 mmHg';
  if (c.isPumping()) return STOP_FIRST;
  const reading = c.sensing.readings[channelIndex(channel)];
  if (reading !== reading) return STATE + channel + ' sensor fault';
  const span = c.settings.span;
  const factor = (reference / reading) * span[which];
  if (!spanInRange(factor)) return RANGE + channel + ' reads ' + formatFixed(reading, 1) + ' mmHg: gain ' + formatFixed(factor, 3) + ' outside 0.8..1.2; check the reference and transducer';
  const previous = span[which];
  span[which] = factor;
  c.setLimits();
  if (!saveSettings(c)) {
    span[which] = previous;
    c.setLimits();
    return NOT_SAVED;
  }
  return 'ok span ' + channel + ' ' + formatFixed(factor, 4) + ' saved';
}

/** Tare: the reservoir now holds `ml` (default 0: empty). Pump stopped; not stored. */
export function cmdTare(c: Controller, text: string): string {
  const ml = parseDecimal(text);
  if (ml !== ml) return notANumber(text);
  if (c.isPumping()) return STOP_FIRST;
  const sensing = c.sensing;
  const reading = sensing.readings[CH_LEVEL];
  if (reading !== reading) return STATE + 'level sensor fault';
  const offset = sensing.levelOffsetMl + reading - ml;
  if (offset > TARE_LIMIT_ML || offset < -TARE_LIMIT_ML) return RANGE + 'offset beyond ' + TARE_LIMIT_ML + ' mL; check the level sensor';
  sensing.levelOffsetMl = offset;
  c.setLimits();
  sensing.readings[CH_LEVEL] = ml;
  return 'ok tare level=' + formatFixed(ml, 0) + ' offset=' + formatFixed(offset, 0);
}

export function cmdCalibrate(c: Controller, text: string): string {
  const revs = text ? parseDecimal(text) : CALIBRATION_REVS_DEFAULT;
  if (revs !== revs) return notANumber(text);
  if (revs < 1 || revs > CALIBRATION_REVS_MAX) return RANGE + text + ' outside 1..' + CALIBRATION_REVS_MAX + ' revolutions';
  const pump = c.pump;
  if (c.state !== STATE_IDLE || pump.flowMlMin > 0) return IDLE_STOPPED;
  const refused = startRefusal(c);
  if (refused) return refused;
  pump.calibrationRevs = 0;
  pump.calibrationTarget = revs;
  pump.awaitingCollected = false;
  c.setState(STATE_CALIBRATING);
  return 'ok calibrate ' + TUBING_NAMES[pump.tubingInUse] + ' ' + revs + ' revs; collect the outflow';
}

export function cmdCollected(c: Controller, text: string): string {
  const ml = parseDecimal(text);
  if (ml !== ml) return notANumber(text);
  const pump = c.pump;
  if (!pump.awaitingCollected || c.state !== STATE_IDLE) return STATE + 'no finished calibration run';
  const tubing = pump.tubingInUse;
  const stroke = ml / pump.calibrationRevs;
  if (!strokeInRange(tubing, stroke)) {
    return RANGE + formatFixed(stroke, 2) + ' mL/rev is more than ' + 25 + '% from the ' +
      TUBING_NAMES[tubing] + ' in nominal ' + TUBING_STROKE_ML[tubing] + ' mL/rev; check the tubing and occlusion';
  }
  const previous = c.settings.strokeMl[tubing];
  c.settings.strokeMl[tubing] = stroke;
  if (!saveSettings(c)) {
    c.settings.strokeMl[tubing] = previous;
    return NOT_SAVED;
  }
  pump.awaitingCollected = false;
  pump.setStroke(stroke);
  c.alarms.gone(A_CALIBRATION_DEFAULT);
  c.alarms.clear(A_CALIBRATION_DEFAULT);
  return 'ok collected ' + TUBING_NAMES[tubing] + ' ' + formatFixed(stroke, 2) + ' mL/rev saved';
}

export function cmdZero(c: Controller): string {
  if (c.isPumping()) return STOP_FIRST;
  const sensing = c.sensing;
  const art = sensing.readings[CH_P_ART];
  const ven = sensing.readings[CH_P_VEN];
  if (art !== art || ven !== ven) return STATE + 'pressure sensor fault';
  const zeroArt = sensing.zeroArtMmHg + art;
  const zeroVen = sensing.zeroVenMmHg + ven;
  if (Math.abs(zeroArt) > ZERO_LIMIT_MMHG || Math.abs(zeroVen) > ZERO_LIMIT_MMHG) {
    return RANGE + 'offset beyond ' + ZERO_LIMIT_MMHG + ' mmHg; open the transducers to air';
  }
  sensing.zeroArtMmHg = zeroArt;
  sensing.zeroVenMmHg = zeroVen;
  c.setLimits();
  sensing.readings[CH_P_ART] = 0;
  sensing.readings[CH_P_VEN] = 0;
  return 'ok zero p_art=' + formatFixed(zeroArt, 1) + ' p_ven=' + formatFixed(zeroVen, 1);
}
