// The last faults of the pump, kept in flash so they survive a reset (the `log` command).
// Two files of RECORDS_PER_FILE slots of RECORD_BYTES bytes each. Records are appended
// into erased slots only (flash bits go 1 -> 0 without an erase); when the current file is
// full the other one is erased and filled next, so 8 to 16 records exist and the last 8
// always survive. Each slot is written once per erase cycle, and the write rate is bounded
// (per boot, per alarm id), so a fault storm cannot wear the flash out.
//
// A record is one line of printable ASCII, padded with spaces to RECORD_BYTES - 1 chars, "\n":
//   <seq> <timeMs> <id> <channel> <raw> <value> <limit> <crc>
// seq and timeMs are decimal integers; channel is '-' when empty; raw/value/limit are
// decimals with up to 4 decimals (trailing zeros dropped, clamped to +-NUMBER_LIMIT) or '-'
// for NaN; crc is the low 16 bits of the CRC-32 of the text before it, as 4 hex digits, so
// a torn write or a flipped bit is detected and the record skipped. Text fields have spaces
// and non-printables replaced by '_'. If the line is too long, the numbers lose decimals
// first, then the id is cut to fit.

import { formatFixed, fixedOrNull, parseDecimal, splitWords } from '../text';
import { RingIO, sealSlot, slotBody } from '../slotRing';

export const FAULT_FILES: string[] = ['flt.a', 'flt.b'];
export const RECORDS_PER_FILE = 8;
export const RECORD_BYTES = 64;
export const MAX_WRITES_PER_BOOT = 32;
/** At most one record per alarm id in this interval. */
export const MIN_INTERVAL_PER_ID_MS = 10000;
export const ID_MAX_CHARS = 20;
export const CHANNEL_MAX_CHARS = 8;
export const NUMBER_LIMIT = 9999999;
const TIME_LIMIT_MS = 9999999999;
/** The largest sequence number a record carries (9 digits: 32 records a boot for 30 million boots). */
export const SEQ_LIMIT = 999999999;
const FILE_BYTES = RECORDS_PER_FILE * RECORD_BYTES;

let ERASED = '';
for (let i = 0; i < RECORD_BYTES; i++) ERASED += '\xff';

/** What the hardware layer provides: Storage (flash) access and the chip's CRC-32 (the ring's, slotRing.ts). */
export type FaultLogIO = RingIO;

/** A fault to record. raw/value/limit are NaN when not applicable; channel '' when none. */
export interface Fault {
  id: string;
  channel: string;
  raw: number;
  value: number;
  limit: number;
}

export interface FaultEntry extends Fault {
  seq: number;
  timeMs: number;
}

/** Spaces and non-printables become '_'; at most maxChars characters. */
function cleanText(text: string, maxChars: number): string {
  let out = '';
  for (let i = 0; i < text.length && i < maxChars; i++) {
    const c = text.charCodeAt(i);
    out += c > 32 && c < 127 ? text.charAt(i) : '_';
  }
  return out;
}

function formatNumber(x: number, decimals: number): string {
  if (x !== x) return '-';
  let text = formatFixed(x > NUMBER_LIMIT ? NUMBER_LIMIT : x < -NUMBER_LIMIT ? -NUMBER_LIMIT : x, decimals);
  if (decimals > 0) {
    let end = text.length;
    while (text.charAt(end - 1) === '0') end--;
    if (text.charAt(end - 1) === '.') end--;
    text = text.substring(0, end);
  }
  return text;
}

/** The RECORD_BYTES text of a record, or undefined if it cannot fit (only with a seq of 10+ digits). */
export function encodeRecord(e: FaultEntry, crc32: (text: string) => number): string | undefined {
  const time = Math.floor(e.timeMs < 0 ? 0 : e.timeMs > TIME_LIMIT_MS ? TIME_LIMIT_MS : e.timeMs);
  const head = e.seq + ' ' + time + ' ';
  const channel = cleanText(e.channel, CHANNEL_MAX_CHARS) || '-';
  let id = cleanText(e.id, ID_MAX_CHARS) || '?';
  let tail = '';
  for (let d = 4; d >= 0; d--) {
    tail = ' ' + channel + ' ' + formatNumber(e.raw, d) + ' ' + formatNumber(e.value, d) + ' ' + formatNumber(e.limit, d);
    if (head.length + id.length + tail.length + 5 < RECORD_BYTES) break;
  }
  const room = RECORD_BYTES - 6 - head.length - tail.length;
  if (room < 1) return undefined;
  id = id.substring(0, room);
  return sealSlot(head + id + tail, RECORD_BYTES, crc32);
}

/** The entry in one slot, or null if the slot is erased, torn or corrupt. */
export function decodeRecord(slot: string, crc32: (text: string) => number): FaultEntry | null {
  const body = slotBody(slot, RECORD_BYTES, crc32);
  if (body === null) return null;
  const w = splitWords(body);
  if (w.length !== 7) return null;
  const seq = parseDecimal(w[0]);
  const timeMs = parseDecimal(w[1]);
  // Every field within what encodeRecord writes: a record that passes its checksum but not
  // these (crafted, or from another firmware) must not steer the log (a sequence of 1e30
  // would make every later record unreadable).
  if (!(seq >= 0 && seq <= SEQ_LIMIT && seq === Math.floor(seq) && timeMs >= 0 && timeMs <= TIME_LIMIT_MS && timeMs === Math.floor(timeMs))) return null;
  if (w[2].length > ID_MAX_CHARS || w[3].length > CHANNEL_MAX_CHARS) return null;
  const n: number[] = [];
  for (let i = 4; i < 7; i++) {
    const x = w[i] === '-' ? NaN : parseDecimal(w[i]);
    if ((x !== x && w[i] !== '-') || x > NUMBER_LIMIT || x < -NUMBER_LIMIT) return null;
    n.push(x);
  }
  return { seq, timeMs, id: w[2], channel: w[3] === '-' ? '' : w[3], raw: n[0], value: n[1], limit: n[2] };
}

/** Pushes the valid records of a file onto `out`; returns its used slots (a file of the wrong size counts as full). */
function scanFile(text: string | undefined, crc32: (text: string) => number, out: FaultEntry[]): number {
  if (text === undefined) return 0;
  if (text.length !== FILE_BYTES) return RECORDS_PER_FILE;
  let used = 0;
  for (let s = 0; s < RECORDS_PER_FILE; s++) {
    const slot = text.substring(s * RECORD_BYTES, (s + 1) * RECORD_BYTES);
    if (slot === ERASED) continue;
    used = s + 1;
    const e = decodeRecord(slot, crc32);
    if (e) out.push(e);
  }
  return used;
}

export class FaultLog {
  /** Records not written: rate limits, the per-boot cap, or a failed write. */
  droppedCount = 0;
  /** Writes the flash refused (full or failing), of those. */
  failedWrites = 0;
  /** -1 until load() has run. */
  private nextSeq = -1;
  private file = 0;
  private used: number[] = [0, 0];
  private writes = 0;
  /** Time of the last record per id, keyed 'k' + id (at most MAX_WRITES_PER_BOOT keys). */
  private lastMsById: { [key: string]: number } = {};

  private readonly crc: (text: string) => number;

  constructor(private readonly io: FaultLogIO) {
    this.crc = (text: string) => io.crc32(text);
  }

  /** Scans both files: the next seq, and the file and slot the next record goes to. */
  load(): void {
    let best = -1;
    this.file = 0;
    for (let f = 0; f < 2; f++) {
      const text = this.io.read(FAULT_FILES[f]);
      const found: FaultEntry[] = [];
      this.used[f] = scanFile(text, this.crc, found);
      for (let i = 0; i < found.length; i++) {
        if (found[i].seq > best) {
          best = found[i].seq;
          this.file = f;
        }
      }
    }
    this.nextSeq = best + 1;
  }

  /** Records a fault at nowMs; false if dropped (counted in droppedCount). */
  append(nowMs: number, fault: Fault): boolean {
    if (this.nextSeq < 0) this.load();
    const key = 'k' + cleanText(fault.id, ID_MAX_CHARS);
    const last = this.lastMsById[key];
    const limited = this.writes >= MAX_WRITES_PER_BOOT || (last !== undefined && nowMs >= last && nowMs - last < MIN_INTERVAL_PER_ID_MS);
    const line = limited ? undefined : encodeRecord({ seq: this.nextSeq, timeMs: nowMs, id: fault.id, channel: fault.channel, raw: fault.raw, value: fault.value, limit: fault.limit }, this.crc);
    if (line === undefined) {
      this.droppedCount++;
      return false;
    }
    if (this.used[this.file] >= RECORDS_PER_FILE) {
      this.file = 1 - this.file;
      this.used[this.file] = 0;
    }
    const name = FAULT_FILES[this.file];
    const slot = this.used[this.file];
    this.writes++;
    this.lastMsById[key] = nowMs;
    // Writing at offset 0 (re)creates a Storage file: start each cycle from an erased one.
    if (slot === 0) this.io.erase(name);
    const ok = slot === 0 ? this.io.write(name, line, 0, FILE_BYTES) : this.io.write(name, line, slot * RECORD_BYTES);
    if (!ok) {
      this.droppedCount++;
      this.failedWrites++;
      this.load(); // the slot may be partly written: find the write position again
      return false;
    }
    this.used[this.file]++;
    this.nextSeq++;
    return true;
  }

  /** The valid records in flash, oldest first. */
  records(): FaultEntry[] {
    const out: FaultEntry[] = [];
    for (let f = 0; f < 2; f++) scanFile(this.io.read(FAULT_FILES[f]), this.crc, out);
    out.sort((a, b) => a.seq - b.seq);
    return out;
  }
}

/** One line for the `log` command, e.g. `#12 t=5.4s SENSOR_FAULT ch=t_art raw=0.9990 value=null limit=0.9876`. */
export function formatEntry(e: FaultEntry): string {
  return '#' + e.seq + ' t=' + formatFixed(e.timeMs / 1000, 1) + 's ' + e.id + ' ch=' + (e.channel || '-') +
    ' raw=' + fixedOrNull(e.raw, 4) + ' value=' + fixedOrNull(e.value, 4) + ' limit=' + fixedOrNull(e.limit, 4);
}
