// Records kept in flash as fixed-size slots in two Storage files, written into erased
// slots only (flash bits go 1 -> 0 without an erase): when the current file is full the
// other one is erased and filled next, so every slot is written once per erase cycle and
// the last file's worth of records always survives. A slot is ASCII text ending "\n"; one
// that is erased ("\xff" bytes), torn or fails its check is skipped by the reader.
// A slot's text ends in a checksum: a space and the low 16 bits of the CRC-32 of the text
// before it as 4 hex digits, then spaces to the slot's size and "\n" (sealSlot, slotBody),
// for the case record (procedure/caseRecord.ts) and the fault log (safety/faultLog.ts).
// The case record lives in this ring; the fault log keeps its own file rotation, whose
// per-record rate limits are part of it.

/** What the hardware layer provides: Storage (flash) access and the chip's CRC-32. */
export interface RingIO {
  read(name: string): string | undefined;
  /** `size` only with offset 0, on an erased file: it creates the file. False on failure. */
  write(name: string, text: string, offset: number, size?: number): boolean;
  erase(name: string): void;
  crc32(text: string): number;
}

function checksum(body: string, crc32: (text: string) => number): string {
  let hex = (crc32(body) & 0xffff).toString(16);
  while (hex.length < 4) hex = '0' + hex;
  return hex;
}

/** `body` with its checksum, padded with spaces to `slotBytes` - 1 and ended by "\n". */
export function sealSlot(body: string, slotBytes: number, crc32: (text: string) => number): string {
  let line = body + ' ' + checksum(body, crc32);
  while (line.length < slotBytes - 1) line += ' ';
  return line + '\n';
}

/** The text before a slot's checksum, or null when the slot is torn, erased or its checksum fails. */
export function slotBody(slot: string, slotBytes: number, crc32: (text: string) => number): string | null {
  if (slot.length !== slotBytes || slot.charAt(slotBytes - 1) !== '\n') return null;
  let end = slotBytes - 1;
  while (end > 0 && slot.charAt(end - 1) === ' ') end--;
  let cut = end - 1;
  while (cut >= 0 && slot.charAt(cut) !== ' ') cut--;
  if (cut < 0 || slot.substring(cut + 1, end) !== checksum(slot.substring(0, cut), crc32)) return null;
  return slot.substring(0, cut);
}

export interface Ring {
  files: string[];
  slotBytes: number;
  slotsPerFile: number;
}

/** The newest valid record and where the next one goes (file * slotsPerFile + slot). */
export interface RingScan {
  seq: number;
  text: string;
  next: number;
}

/**
 * Scans both files. `seqOf` gives a slot's sequence number, or -1 when the slot is not a
 * valid record. A file of the wrong size counts as full (the next write erases it).
 */
export function scanRing(io: RingIO, ring: Ring, seqOf: (slot: string) => number): RingScan {
  const out: RingScan = { seq: -1, text: '', next: 0 };
  const slots = ring.slotsPerFile;
  const fileBytes = ring.slotBytes * slots;
  for (let f = 0; f < 2; f++) {
    const text = io.read(ring.files[f]);
    if (text === undefined) continue;
    const whole = text.length === fileBytes;
    let used = whole ? 0 : slots;
    let newest = false;
    for (let s = 0; whole && s < slots; s++) {
      const slot = text.substring(s * ring.slotBytes, (s + 1) * ring.slotBytes);
      if (slot.charCodeAt(0) === 0xff && slot.charCodeAt(ring.slotBytes - 1) === 0xff) continue;
      used = s + 1;
      const seq = seqOf(slot);
      if (seq > out.seq) {
        out.seq = seq;
        out.text = slot;
        newest = true;
      }
    }
    // Writing goes on after the last used slot of the newest record's file (a full file 0
    // gives file 1's first slot; a full file 1 wraps to file 0 in appendRing).
    if (newest) out.next = f * slots + used;
  }
  return out;
}

/**
 * Writes `line` (exactly slotBytes long) at position `next`; returns the position after
 * it, or -1 when the flash refused (the caller scans again before the next write).
 */
export function appendRing(io: RingIO, ring: Ring, next: number, line: string): number {
  let pos = next;
  if (pos >= 2 * ring.slotsPerFile || pos < 0) pos = 0;
  const file = pos < ring.slotsPerFile ? 0 : 1;
  const slot = pos - file * ring.slotsPerFile;
  const name = ring.files[file];
  // Writing at offset 0 (re)creates a Storage file: each cycle starts from an erased one.
  if (slot === 0) io.erase(name);
  const ok = slot === 0 ? io.write(name, line, 0, ring.slotBytes * ring.slotsPerFile) : io.write(name, line, slot * ring.slotBytes);
  if (!ok) return -1;
  return pos + 1 >= 2 * ring.slotsPerFile ? 0 : pos + 1;
}
