// The procedure a profile runs (phases.ts): its phase, since when and from which volume,
// the prompts that ask the team to act, and the equine infusion that ends on its volume.

import type { Controller } from '../controller';
import { A_PHASE_PROMPT } from '../safety/alarms';
import { CH_T_DIST, CH_T_PROX } from '../channels';
import { eventLine, quote } from '../format';
import { KIND_ILP, KIND_RLP } from '../profiles';
import { STATE_IDLE, STATE_PERFUSING } from '../states';
import { formatFixed } from '../text';
import {
  PHASE_DONE, PHASE_DRUG1, PHASE_DRUG2, PHASE_DWELL, PHASE_INFUSE, PHASE_NONE, PHASE_WARMUP, PHASE_WASHOUT, phaseName,
} from './phases';

export class Procedure {
  phase = PHASE_NONE;
  /** When the phase began, the volume pumped then, and whether it has prompted. */
  phaseStartMs = 0;
  phaseStartVolumeMl = 0;
  private prompted = false;
  /** Volume the infusion delivers (RLP), mL. */
  infuseMl = 0;

  constructor(private readonly c: Controller) {}

  /** `start` with no phase running: the profile's procedure begins. */
  begin(nowMs: number): void {
    if (this.phase !== PHASE_NONE) return;
    const p = this.c.profile;
    if (p.kind === KIND_RLP) this.setPhase(PHASE_INFUSE, nowMs, '');
    else if (p.warmTissueC > 0) this.setPhase(PHASE_WARMUP, nowMs, '');
  }

  /** Once a second: the phase timers and volumes, and the warm-up's prompt. */
  second(nowMs: number): void {
    const c = this.c;
    const p = c.profile;
    const phase = this.phase;
    const elapsedMin = (nowMs - this.phaseStartMs) / 60000;
    if (phase === PHASE_WARMUP) {
      const prox = c.sensing.readings[CH_T_PROX];
      const dist = c.sensing.readings[CH_T_DIST];
      if (!this.prompted && prox >= p.warmTissueC && dist >= p.warmTissueC) {
        this.prompted = true;
        this.prompt(nowMs, 'tissue at ' + formatFixed(prox < dist ? prox : dist, 1) + ' degC: give the drug, then next');
      }
    } else if (phase === PHASE_DRUG1 && elapsedMin >= p.drug1Min && p.drug2Min > 0) {
      this.setPhase(PHASE_DRUG2, nowMs, 'give melphalan now');
    } else if ((phase === PHASE_DRUG1 && elapsedMin >= p.drug1Min) || (phase === PHASE_DRUG2 && elapsedMin >= p.drug2Min)) {
      this.setPhase(PHASE_WASHOUT, nowMs, 'drug phase over: wash out ' + p.washoutMl + ' mL');
    } else if (phase === PHASE_WASHOUT) {
      c.pump.integrateTo(nowMs);
      if (c.pump.volumeMl - this.phaseStartVolumeMl >= p.washoutMl) this.setPhase(PHASE_DONE, nowMs, 'washout done: stop the pump');
    } else if (phase === PHASE_DWELL && elapsedMin >= p.dwellMin) {
      this.setPhase(PHASE_DONE, nowMs, 'dwell over: release the tourniquet');
    }
  }

  /** The infusion ends on its volume: the pump stops once what is pumped by the next tick reaches it. */
  checkInfusionEnd(nowMs: number, dtMs: number): void {
    const c = this.c;
    if (this.phase !== PHASE_INFUSE || c.state !== STATE_PERFUSING) return;
    const pump = c.pump;
    pump.integrateTo(nowMs);
    if (pump.volumeMl - this.phaseStartVolumeMl + (pump.flowMlMin * dtMs) / 60000 >= this.infuseMl) {
      c.setState(STATE_IDLE);
      this.setPhase(PHASE_DWELL, nowMs, '');
    }
  }

  /** A new phase: its event, its clock and volume start, and the operator's prompt (if any). */
  setPhase(phase: number, nowMs: number, promptText: string): void {
    const c = this.c;
    this.phase = phase;
    this.phaseStartMs = nowMs;
    c.caseDueMs = 0;
    c.pump.integrateTo(nowMs);
    this.phaseStartVolumeMl = c.pump.volumeMl;
    this.prompted = false;
    const drug = phase === PHASE_DRUG1 && c.profile.kind === KIND_ILP ? ',"drug":"tnf"' : phase === PHASE_DRUG2 ? ',"drug":"melphalan"' : '';
    c.emit(eventLine('phase', '{"name":' + quote(phaseName(phase)) + drug + '}'));
    if (promptText) this.prompt(nowMs, promptText);
  }

  /** Asks the operator to act: a `!prompt` line and the low PHASE_PROMPT alarm (two pulses), cleared by `ack` or the next phase. */
  private prompt(nowMs: number, text: string): void {
    const alarms = this.c.alarms;
    this.c.emit(eventLine('prompt', '{"phase":' + quote(phaseName(this.phase)) + ',"text":' + quote(text) + '}'));
    alarms.clear(A_PHASE_PROMPT);
    alarms.raiseOnce(A_PHASE_PROMPT, nowMs);
  }
}
