// Commands that run and stop the pump, acknowledge and silence alarms, and move the
// procedure on: prime, start, stop, ack, silence, next.

import type { Controller } from '../controller';
import { alarmId } from '../safety/alarms';
import { SILENCE_MS } from '../safety/alarmSignals';
import { IN_LID } from '../channels';
import { PHASE_DONE, PHASE_DRUG1, PHASE_DRUG2, PHASE_INFUSE, PHASE_NONE, PHASE_WARMUP, PHASE_WASHOUT, phaseName } from '../procedure/phases';
import { A_PHASE_PROMPT } from '../safety/alarms';
import { STATE_FAULT, STATE_IDLE, STATE_PERFUSING, STATE_PRIMING } from '../states';
import { STATE } from './replies';
import { AIR_TEST_FAILED, AIR_TEST_PENDING, airTestRefusal } from '../safety/airTest';
import { A_AIR_DETECTOR_FAULT, A_CASE_RESTORED } from '../safety/alarms';
import { leakStart, setLeakStart } from '../procedure/caseRecord';

/** Why the pump may not start now (an interlock, the open lid), or ''. */
export function startRefusal(c: Controller): string {
  const interlock = c.alarms.firstPumpStop();
  if (interlock >= 0) return STATE + 'interlock active: ' + alarmId(interlock);
  return c.inputs[IN_LID] ? STATE + 'pump-head lid open' : '';
}

/** Why the pump may not be set running now (from IDLE the air detector must have passed its self-test), as a reply, or ''. */
function runRefusal(c: Controller, fromIdle: boolean): string {
  const refused = startRefusal(c) || (fromIdle ? airTestRefusal(c.airTest) : '');
  return !refused || refused.substring(0, 6) === STATE ? refused : STATE + refused;
}

/** `prime` (IDLE -> PRIMING) and `start` (IDLE or PRIMING -> PERFUSING, the procedure begins). */
export function cmdRun(c: Controller, to: string, word: string, nowMs: number): string {
  const from = c.state;
  const allowed = from === STATE_IDLE || (to === STATE_PERFUSING && from === STATE_PRIMING);
  if (!allowed) return STATE + 'not allowed in ' + from;
  const refused = runRefusal(c, from === STATE_IDLE);
  if (refused) return refused;
  c.pump.integrateTo(nowMs);
  c.setState(to);
  if (to === STATE_PERFUSING) c.procedure.begin(nowMs);
  return 'ok ' + word + ' ' + c.targetFlowMlMin();
}

export function cmdStop(c: Controller): string {
  if (c.state === STATE_FAULT) return STATE + 'pump already stopped in FAULT; ack to leave';
  c.setState(STATE_IDLE);
  return 'ok stop';
}

export function cmdAck(c: Controller, nowMs: number): string {
  const alarms = c.alarms;
  alarms.operatorSaw(nowMs);
  c.health.disconnectOptional();
  // A failed air detector test: ack tests it again (and raises the alarm again if it fails).
  if (c.airTest === AIR_TEST_FAILED) {
    c.airTest = AIR_TEST_PENDING;
    alarms.gone(A_AIR_DETECTOR_FAULT);
  }
  const present = alarms.firstLatchedPresent();
  if (present >= 0) return STATE + alarmId(present) + ' still present';
  alarms.clearLatched();
  c.heater.guard.reset(nowMs);
  if (c.state === STATE_FAULT) c.setState(STATE_IDLE);
  return 'ok ack';
}

export function cmdSilence(c: Controller, nowMs: number): string {
  c.alarms.silence(nowMs);
  return 'ok silence ' + SILENCE_MS / 1000;
}

/** `next`: the operator moves the procedure on (the drug was given; or early, by choice). */
export function cmdNext(c: Controller, nowMs: number): string {
  const procedure = c.procedure;
  const phase = procedure.phase;
  if (phase === PHASE_NONE || phase === PHASE_DONE) return STATE + 'no procedure phase to end (' + phaseName(phase) + ')';
  if (phase === PHASE_INFUSE) return STATE + 'the infusion ends on its volume; stop to end it early';
  c.alarms.clear(A_PHASE_PROMPT);
  const to = phase === PHASE_WARMUP ? PHASE_DRUG1 : phase === PHASE_DRUG1 && c.profile.drug2Min > 0 ? PHASE_DRUG2 :
    phase === PHASE_DRUG1 || phase === PHASE_DRUG2 ? PHASE_WASHOUT : PHASE_DONE;
  procedure.setPhase(to, nowMs, '');
  return 'ok next ' + phaseName(to);
}

/**
 * `resume`: after a reset mid-case restored the case (CASE_RESTORED), back to the state it
 * was in (PRIMING or PERFUSING at the restored setpoints, the leak baseline kept), with the
 * refusals of `prime`/`start`; a case that was not pumping only clears the alarm.
 */
export function cmdResume(c: Controller, nowMs: number): string {
  const alarms = c.alarms;
  if (!alarms.raised[A_CASE_RESTORED]) return STATE + 'no restored case to resume';
  if (c.state !== STATE_IDLE) return STATE + 'not allowed in ' + c.state + ': ack first';
  const to = c.resumeTo;
  const refused = to === STATE_IDLE ? '' : runRefusal(c, true);
  if (refused) return refused;
  alarms.operatorSaw(nowMs);
  alarms.clear(A_CASE_RESTORED);
  c.resumeTo = STATE_IDLE;
  if (to === STATE_IDLE) return 'ok resume ' + to;
  const leakStartMl = leakStart(c);
  c.pump.integrateTo(nowMs);
  c.setState(to);
  setLeakStart(c, leakStartMl);
  return 'ok resume ' + to + ' ' + c.targetFlowMlMin();
}
