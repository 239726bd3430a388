// The case kept in flash, so a reset mid-case (power loss, brown-out, watchdog, the reset
// button) does not lose it: profile, setpoints, state, phase and its progress, tourniquet
// time, volume, the leak baseline, zero and tare. One record is a slot of the case ring
// (slotRing.ts), written on every change that matters (a state, a phase, a command that
// changed something, the tourniquet going on or off) and every CASE_PERIOD_MS while the
// case is open, at most one a CASE_MIN_INTERVAL_MS: bounded wear, and at most a period of
// volume and time lost to a reset. Writing lives in the command module and reading in the
// boot module (firmware/modules/), so none of it holds variables while the pump runs.
//
// A record is one line of printable ASCII padded with spaces to CASE_SLOT_BYTES - 1, "\n":
//   <seq> <state> <profile> <flow> <temp> <phase> <phaseMs> <phaseMl> <tourniquetMs>
//   <volumeMl> <leakStartMl> <zeroArt> <zeroVen> <tareMl> <infuseMl> <savedMs> <crc>
// times are the firmware clock's whole ms (phaseMs, tourniquetMs elapsed at the save, -1 =
// released); crc is the low 16 bits of the CRC-32 of the text before it, 4 hex digits.

import type { Controller } from '../controller';
import { A_CASE_RESTORED, A_STORAGE_FAULT } from '../safety/alarms';
import { CMP_DROP_PCT, COLUMN_COUNT, COL_CMP, INTERLOCK_TABLE } from '../safety/interlocks';
import { eventLine, quote } from '../format';
import { findProfile } from '../profiles';
import { Ring, appendRing, scanRing, sealSlot, slotBody } from '../slotRing';
import { STATE_CALIBRATING, STATE_FAULT, STATE_IDLE, STATE_PERFUSING, STATE_PRIMING } from '../states';
import { fixedOrNull, formatFixed, parseDecimal, splitWords } from '../text';
import { PHASE_DONE, PHASE_NONE, phaseName } from './phases';
import { TARE_LIMIT_ML, ZERO_LIMIT_MMHG } from '../sensing/sensing';

export const CASE_FILES: string[] = ['case.a', 'case.b'];
export const CASE_SLOT_BYTES = 128;
export const CASE_SLOTS_PER_FILE = 8;
/** Slots of the ring: Controller.caseRing is seq x CASE_RING_SLOTS + the next slot. */
export const CASE_RING_SLOTS = 2 * CASE_SLOTS_PER_FILE;
/** While the case is open, a record at least this often (the most volume and time a reset loses). */
export const CASE_PERIOD_MS = 60000;
/** Records at most this often, however often something changes. */
export const CASE_MIN_INTERVAL_MS = 1000;
/** Largest time, volume and sequence number a record carries. */
const TIME_LIMIT_MS = 9999999999;
const VOLUME_LIMIT_ML = 999999;
const SEQ_LIMIT = 999999999;

/** RCC_CSR reset flags (STM32F4 reference manual RM0368, RCC_CSR). */
export const RESET_BOR = 1 << 25;
export const RESET_PIN = 1 << 26;
export const RESET_POR = 1 << 27;
export const RESET_SOFTWARE = 1 << 28;
export const RESET_WATCHDOG = (1 << 29) | (1 << 30);

export function caseRing(): Ring {
  return { files: CASE_FILES, slotBytes: CASE_SLOT_BYTES, slotsPerFile: CASE_SLOTS_PER_FILE };
}

export interface CaseRecord {
  seq: number;
  state: string;
  profile: string;
  flowSetMlMin: number;
  tempSetC: number;
  phase: number;
  phaseMs: number;
  phaseMl: number;
  tourniquetMs: number;
  volumeMl: number;
  leakStartMl: number;
  zeroArtMmHg: number;
  zeroVenMmHg: number;
  tareMl: number;
  infuseMl: number;
  savedMs: number;
}

/** What caused the last reset, from RCC_CSR's flags. */
export function resetCauseOf(csr: number): string {
  if (csr & RESET_WATCHDOG) return 'watchdog';
  if (csr & RESET_POR) return 'power';
  if (csr & RESET_BOR) return 'brownout';
  if (csr & RESET_SOFTWARE) return 'software';
  return csr & RESET_PIN ? 'pin' : 'unknown';
}

/** The drop (leak) row's start value, NaN when none is taken. */
export function leakStart(c: Controller): number {
  const start = c.interlocks.startValue;
  for (let r = 0; r < start.length; r++) if (INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CMP] === CMP_DROP_PCT) return start[r];
  return NaN;
}

export function setLeakStart(c: Controller, value: number): void {
  const start = c.interlocks.startValue;
  for (let r = 0; r < start.length; r++) if (INTERLOCK_TABLE[r * COLUMN_COUNT + COL_CMP] === CMP_DROP_PCT) start[r] = value;
}

function ms(x: number): string {
  return '' + Math.floor(x < 0 ? 0 : x > TIME_LIMIT_MS ? TIME_LIMIT_MS : x);
}

/** The slot text of the case as it stands at nowMs. */
export function caseLine(c: Controller, nowMs: number, seq: number, crc32: (text: string) => number): string {
  const procedure = c.procedure;
  const pump = c.pump;
  const sensing = c.sensing;
  const tourniquetSinceMs = c.tourniquet.sinceMs;
  pump.integrateTo(nowMs);
  const phase = procedure.phase;
  // Restored and not yet resumed: the state to resume to, so a second reset still knows it.
  const state = c.state === STATE_CALIBRATING ? STATE_IDLE : c.state === STATE_IDLE && c.alarms.raised[A_CASE_RESTORED] ? c.resumeTo : c.state;
  const line = seq + ' ' + state + ' ' + c.profile.id + ' ' +
    formatFixed(c.flowSetMlMin, 2) + ' ' + formatFixed(c.tempSetC, 2) + ' ' + phase + ' ' +
    (phase === PHASE_NONE ? '0' : ms(nowMs - procedure.phaseStartMs)) + ' ' + formatFixed(pump.volumeMl - procedure.phaseStartVolumeMl, 1) + ' ' +
    (tourniquetSinceMs !== tourniquetSinceMs ? '-1' : ms(nowMs - tourniquetSinceMs)) + ' ' + formatFixed(pump.volumeMl, 1) + ' ' +
    fixedOrNull(leakStart(c), 1) + ' ' + formatFixed(sensing.zeroArtMmHg, 2) + ' ' + formatFixed(sensing.zeroVenMmHg, 2) + ' ' +
    formatFixed(sensing.levelOffsetMl, 1) + ' ' + formatFixed(procedure.infuseMl, 1) + ' ' + ms(nowMs);
  return sealSlot(line, CASE_SLOT_BYTES, crc32);
}

function within(x: number, low: number, high: number): boolean {
  return x >= low && x <= high;
}

function wholeWithin(x: number, low: number, high: number): boolean {
  return x === Math.floor(x) && within(x, low, high);
}

/** The record in a slot, or null if it is torn, fails its checksum, or holds a value no firmware wrote. */
export function decodeCase(slot: string, crc32: (text: string) => number): CaseRecord | null {
  const body = slotBody(slot, CASE_SLOT_BYTES, crc32);
  if (body === null) return null;
  const w = splitWords(body);
  if (w.length !== 16) return null;
  const n: number[] = [];
  for (let i = 3; i < 16; i++) n.push(w[i] === 'null' ? NaN : parseDecimal(w[i]));
  const state = w[1];
  const profile = findProfile(w[2]);
  const rec: CaseRecord = {
    seq: parseDecimal(w[0]), state, profile: w[2], flowSetMlMin: n[0], tempSetC: n[1], phase: n[2], phaseMs: n[3],
    phaseMl: n[4], tourniquetMs: n[5], volumeMl: n[6], leakStartMl: n[7], zeroArtMmHg: n[8], zeroVenMmHg: n[9],
    tareMl: n[10], infuseMl: n[11], savedMs: n[12],
  };
  // Every field within what caseLine writes for a profile this firmware has.
  if (!profile || !wholeWithin(rec.seq, 0, SEQ_LIMIT)) return null;
  if (state !== STATE_IDLE && state !== STATE_PRIMING && state !== STATE_PERFUSING && state !== STATE_FAULT) return null;
  if (!within(rec.flowSetMlMin, profile.flowMinMlMin, profile.flowMaxMlMin)) return null;
  if (!(rec.tempSetC === profile.tempDefaultC || within(rec.tempSetC, profile.tempMinC, profile.tempMaxC))) return null;
  if (!wholeWithin(rec.phase, PHASE_NONE, PHASE_DONE) || !wholeWithin(rec.phaseMs, 0, TIME_LIMIT_MS)) return null;
  if (!(rec.tourniquetMs === -1 || wholeWithin(rec.tourniquetMs, 0, TIME_LIMIT_MS)) || !wholeWithin(rec.savedMs, 0, TIME_LIMIT_MS)) return null;
  if (!within(rec.volumeMl, 0, VOLUME_LIMIT_ML) || !within(rec.phaseMl, 0, rec.volumeMl) || !within(rec.infuseMl, 0, VOLUME_LIMIT_ML)) return null;
  if (!(rec.leakStartMl !== rec.leakStartMl || within(rec.leakStartMl, -VOLUME_LIMIT_ML, VOLUME_LIMIT_ML))) return null;
  if (!within(rec.zeroArtMmHg, -ZERO_LIMIT_MMHG, ZERO_LIMIT_MMHG) || !within(rec.zeroVenMmHg, -ZERO_LIMIT_MMHG, ZERO_LIMIT_MMHG)) return null;
  return within(rec.tareMl, -TARE_LIMIT_ML, TARE_LIMIT_ML) ? rec : null;
}

/** Whether the controller's case is under way: the pump running, a phase not done, or the tourniquet on. */
export function caseUnderWay(c: Controller): boolean {
  const phase = c.procedure.phase;
  return c.isPumping() || c.tourniquet.sinceMs === c.tourniquet.sinceMs || (phase !== PHASE_NONE && phase !== PHASE_DONE);
}

/** Whether a record is of a case under way: the pump running, a phase not done, or the tourniquet on. */
export function caseOpen(rec: CaseRecord): boolean {
  return rec.state === STATE_PRIMING || rec.state === STATE_PERFUSING || rec.tourniquetMs >= 0 ||
    (rec.phase !== PHASE_NONE && rec.phase !== PHASE_DONE);
}

/** Writes the case as it stands into the next slot; a refused write is STORAGE_FAULT, the pump runs on. */
export function saveCase(c: Controller, nowMs: number): void {
  const io = c.caseIO;
  // The next one in a period while the case is under way, else at the next change.
  c.caseDueMs = caseUnderWay(c) ? nowMs + CASE_PERIOD_MS : Infinity;
  if (!io) return;
  const crc = (text: string) => io.crc32(text);
  const ring = caseRing();
  if (c.caseRing < 0) {
    const scan = scanRing(io, ring, (slot) => {
      const rec = decodeCase(slot, crc);
      return rec ? rec.seq : -1;
    });
    c.caseRing = (scan.seq + 1) * CASE_RING_SLOTS + scan.next;
  }
  const seq = Math.floor(c.caseRing / CASE_RING_SLOTS);
  const next = appendRing(io, ring, c.caseRing - seq * CASE_RING_SLOTS, caseLine(c, nowMs, seq, crc));
  if (next < 0) {
    // The slot may be partly written: find the write position again before the next record.
    c.caseRing = -1;
    if (!c.alarms.raised[A_STORAGE_FAULT]) c.alarms.raiseOnce(A_STORAGE_FAULT, nowMs);
    return;
  }
  c.caseRing = (seq + 1) * CASE_RING_SLOTS + next;
}

/**
 * Power-on: the newest valid record back into the controller. Always the profile and
 * setpoints (a board reset between cases keeps its circuit's profile); for an open case
 * also the phase, tourniquet and volume, with the pump stopped and CASE_RESTORED saying
 * why, until `resume` (or `ack`). `csr` is RCC_CSR's reset flags: after a power-on reset
 * the RTC starts again from 0 (Espruino resets the backup domain when its RTC is not
 * running, targets/stm32/jshardware.c), so the time the board was down is not known and
 * the tourniquet time restored is a lower bound; after any other reset the clock ran on.
 */
export function restoreCase(c: Controller, nowMs: number, csr: number): void {
  const io = c.caseIO;
  if (!io) return;
  const crc = (text: string) => io.crc32(text);
  // The newest record, kept as the scan decodes it (scanRing keeps the slot of the highest seq).
  const newest: { rec: CaseRecord | null } = { rec: null };
  const scan = scanRing(io, caseRing(), (slot) => {
    const r = decodeCase(slot, crc);
    if (r && (newest.rec === null || r.seq > newest.rec.seq)) newest.rec = r;
    return r ? r.seq : -1;
  });
  c.caseRing = (scan.seq + 1) * CASE_RING_SLOTS + scan.next;
  const rec = newest.rec;
  if (!rec) return;
  c.profile = findProfile(rec.profile) as NonNullable<ReturnType<typeof findProfile>>;
  c.flowSetMlMin = rec.flowSetMlMin;
  c.tempSetC = rec.tempSetC;
  const sensing = c.sensing;
  sensing.zeroArtMmHg = rec.zeroArtMmHg;
  sensing.zeroVenMmHg = rec.zeroVenMmHg;
  sensing.levelOffsetMl = rec.tareMl;
  c.setLimits();
  const procedure = c.procedure;
  procedure.infuseMl = rec.infuseMl;
  const open = caseOpen(rec);
  const cause = resetCauseOf(csr);
  const clockRanOn = (csr & RESET_POR) === 0 && nowMs >= rec.savedMs;
  const downMs = clockRanOn ? nowMs - rec.savedMs : 0;
  if (open) {
    c.pump.volumeMl = rec.volumeMl;
    procedure.phase = rec.phase;
    procedure.phaseStartMs = nowMs - downMs - rec.phaseMs;
    procedure.phaseStartVolumeMl = rec.volumeMl - rec.phaseMl;
    c.tourniquet.sinceMs = rec.tourniquetMs < 0 ? NaN : nowMs - downMs - rec.tourniquetMs;
    setLeakStart(c, rec.leakStartMl);
    c.resumeTo = rec.state === STATE_FAULT ? STATE_IDLE : rec.state;
  }
  const down = clockRanOn ? formatFixed(downMs / 1000, 1) : 'null';
  c.emit(eventLine('case', '{"profile":' + quote(rec.profile) + ',"was":' + quote(rec.state) + ',"open":' + open + ',"cause":' + quote(cause) +
    ',"down_s":' + down + (open ? ',"phase":' + quote(phaseName(rec.phase)) + ',"volume":' + formatFixed(rec.volumeMl, 1) +
    (rec.tourniquetMs < 0 ? '' : ',"tourniquet_min":' + formatFixed((rec.tourniquetMs + downMs) / 60000, 1) + ',"tourniquet_exact":' + clockRanOn) : '') + '}'));
  if (!open) return;
  const alarms = c.alarms;
  alarms.record(A_CASE_RESTORED, nowMs, -1, NaN, NaN, NaN);
  alarms.raiseWith(A_CASE_RESTORED, nowMs, ',"cause":' + quote(cause) + ',"was":' + quote(rec.state));
  // An event, not a lasting condition: `resume` or `ack` clears it.
  alarms.gone(A_CASE_RESTORED);
}
