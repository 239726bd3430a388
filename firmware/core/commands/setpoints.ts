// Commands that set what the case runs under: protocol (the profile), flow, temp, add
// (volume poured into the reservoir), infuse (equine RLP). Setpoints are range-checked
// against the profile's hard limits; above its soft maximum they need `confirm`.

import type { Controller } from '../controller';
import { KIND_RLP, findProfile, profileIds } from '../profiles';
import { PHASE_NONE } from '../procedure/phases';
import { STATE_IDLE } from '../states';
import { formatFixed, parseDecimal, roundTo } from '../text';

/** Decimals a flow or temperature setpoint and a volume are kept (and echoed) at. */
const FLOW_DECIMALS = 2;
const TEMP_DECIMALS = 2;
const VOLUME_DECIMALS = 1;
import { RANGE, STATE, notANumber } from './replies';

export function cmdProtocol(c: Controller, id: string): string {
  if (c.state !== STATE_IDLE) return STATE + 'only in IDLE, now ' + c.state;
  const profile = findProfile(id);
  if (!profile) return RANGE + 'unknown profile, expected ' + profileIds();
  c.profile = profile;
  c.setLimits();
  c.flowSetMlMin = profile.flowDefaultMlMin;
  c.tempSetC = profile.tempDefaultC;
  c.procedure.phase = PHASE_NONE;
  c.procedure.infuseMl = profile.infuseMl;
  if (profile.infuseMin > 0) c.flowSetMlMin = roundTo(profile.infuseMl / profile.infuseMin, FLOW_DECIMALS);
  return 'ok protocol ' + id;
}

/** Parses and range-checks a setpoint; returns the reply, or '' when `value` is accepted. */
export function checkSetpoint(c: Controller, text: string, value: number, min: number, max: number, unit: string): string {
  if (value !== value) return notANumber(text);
  if (value < min || value > max) return RANGE + text + ' outside ' + min + '..' + max + ' ' + unit + ' for ' + c.profile.id;
  return '';
}

/** Above a profile's soft maximum a setpoint needs `confirm`; its hard limits no command passes. */
function softLimit(c: Controller, word: string, text: string, value: number, softMax: number, confirmed: boolean, unit: string): string {
  if (value <= softMax || confirmed) return '';
  return RANGE + text + ' above the soft maximum ' + softMax + ' ' + unit + ' for ' + c.profile.id + ': send "' + word + ' ' + text + ' confirm"';
}

export function cmdFlow(c: Controller, text: string, confirmed: boolean): string {
  const flow = roundTo(parseDecimal(text), FLOW_DECIMALS);
  const p = c.profile;
  const rejected = checkSetpoint(c, text, flow, p.flowMinMlMin, p.flowMaxMlMin, 'mL/min') ||
    softLimit(c, 'flow', text, flow, p.flowSoftMaxMlMin, confirmed, 'mL/min');
  if (rejected) return rejected;
  c.flowSetMlMin = flow;
  return 'ok flow ' + flow;
}

export function cmdTemp(c: Controller, text: string, confirmed: boolean, nowMs: number): string {
  const temp = roundTo(parseDecimal(text), TEMP_DECIMALS);
  const p = c.profile;
  if (!(p.tempMaxC > 0)) return RANGE + p.id + ' is not heated: no temperature target';
  const rejected = checkSetpoint(c, text, temp, p.tempMinC, p.tempMaxC, 'degC') ||
    softLimit(c, 'temp', text, temp, p.tempSoftMaxC, confirmed, 'degC');
  if (rejected) return rejected;
  c.tempSetC = temp;
  c.heater.setTarget(temp, nowMs);
  return 'ok temp ' + temp;
}

/** `add <mL>`: perfusate or prime added to the reservoir, so the leak estimate does not count it as returned. */
export function cmdAdd(c: Controller, text: string): string {
  const ml = roundTo(parseDecimal(text), VOLUME_DECIMALS);
  const rejected = checkSetpoint(c, text, ml, 1, 2000, 'mL');
  if (rejected) return rejected;
  c.interlocks.addToDropStart(ml);
  return 'ok add ' + ml;
}

/** `infuse <mL> <min>` (RLP, before the infusion): the volume and the time it is given over. */
export function cmdInfuse(c: Controller, mlText: string, minText: string): string {
  const p = c.profile;
  if (p.kind !== KIND_RLP) return STATE + 'only for an infusion profile, not ' + p.id;
  if (c.state !== STATE_IDLE || c.procedure.phase !== PHASE_NONE) return STATE + 'only before the infusion starts';
  const ml = roundTo(parseDecimal(mlText), VOLUME_DECIMALS);
  const min = roundTo(parseDecimal(minText), FLOW_DECIMALS);
  let rejected = checkSetpoint(c, mlText, ml, 1, 500, 'mL');
  if (!rejected) rejected = checkSetpoint(c, minText, min, 0.5, 120, 'min');
  if (!rejected) rejected = checkSetpoint(c, mlText + '/' + minText, ml / min, p.flowMinMlMin, p.flowMaxMlMin, 'mL/min');
  if (rejected) return rejected;
  c.procedure.infuseMl = ml;
  c.flowSetMlMin = roundTo(ml / min, FLOW_DECIMALS);
  return 'ok infuse ' + ml + ' ' + min + ' ' + formatFixed(c.flowSetMlMin, FLOW_DECIMALS);
}
