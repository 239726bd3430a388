import fc from 'fast-check';
import {
  decodeRecord, encodeRecord, Fault, FaultEntry, FaultLog, FaultLogIO, FAULT_FILES, formatEntry, MAX_WRITES_PER_BOOT,
  RECORD_BYTES,
} from '../../firmware/core/safety/faultLog';
import { crc32 } from '../../scripts/sim/espruinoSim';

/**
 * Flash as Storage presents it: a file is created with its size by its first write, unwritten
 * bytes read "\xff", a written byte can only be written again with the same value (bits go
 * 1 -> 0 only between erases), and erase removes the file. `tearNextAfter` cuts the next
 * write after that many bytes and throws, as a power loss would.
 */
class FakeFlash implements FaultLogIO {
  files: Record<string, string[]> = {};
  /** Writes per file and offset since the file was last erased. */
  writesAt: Record<string, number> = {};
  erases: string[] = [];
  /** When >= 0, each write stores that many bytes and returns false (a failed write). */
  failAfter = -1;
  tearNextAfter = -1;

  read(name: string): string | undefined {
    return this.files[name] === undefined ? undefined : this.files[name].join('');
  }

  write(name: string, text: string, offset: number, size?: number): boolean {
    // On Espruino a write at offset 0 re-creates the file: the log must erase it first.
    if (this.files[name] === undefined) {
      if (size === undefined || offset !== 0) throw new Error(`write to missing ${name} without a size at 0`);
    } else if (size !== undefined || offset === 0) throw new Error(`write at 0 or with a size to existing ${name}`);
    if (this.failAfter === 0) return false;
    if (this.files[name] === undefined) this.files[name] = new Array(size as number).fill('\xff');
    const bytes = this.files[name];
    if (offset < 0 || offset + text.length > bytes.length) throw new Error(`write past the end of ${name}`);
    this.writesAt[name + '@' + offset] = (this.writesAt[name + '@' + offset] || 0) + 1;
    for (let i = 0; i < text.length; i++) {
      if (i === this.failAfter) return false;
      if (i === this.tearNextAfter) {
        this.tearNextAfter = -1;
        throw new Error('power lost');
      }
      const old = bytes[offset + i].charCodeAt(0);
      const next = text.charCodeAt(i);
      // Only erased bytes may change: anything else could need a 0 -> 1 bit.
      if (old !== 0xff && old !== next) throw new Error(`${name}[${offset + i}]: ${old} overwritten with ${next}`);
      bytes[offset + i] = text.charAt(i);
    }
    return true;
  }

  erase(name: string): void {
    delete this.files[name];
    for (const key of Object.keys(this.writesAt)) if (key.startsWith(name + '@')) delete this.writesAt[key];
    this.erases.push(name);
  }

  crc32(text: string): number {
    return crc32(text);
  }

  maxWritesPerSlot(): number {
    return Math.max(0, ...Object.values(this.writesAt));
  }
}

const fault = (id: string, channel: string, raw: number, value: number, limit: number): Fault => ({ id, channel, raw, value, limit });
const slotOf = (flash: FakeFlash, name: string, slot: number) => (flash.read(name) as string).substring(slot * RECORD_BYTES, (slot + 1) * RECORD_BYTES);
const seqs = (log: FaultLog) => log.records().map((e) => e.seq);
/** Appends n faults with distinct ids 10 s apart, starting at t0. */
function appendMany(log: FaultLog, n: number, t0: number): void {
  for (let i = 0; i < n; i++) expect(log.append(t0 + i * 10000, fault('F' + i, 'p_art', i, NaN, 300))).toBe(true);
}

describe('fault log in flash', () => {
  it('runs against a fake flash that refuses what real flash cannot do', () => {
    const flash = new FakeFlash();
    expect(() => flash.write('f', 'ab', 0)).toThrow('without a size');
    expect(flash.write('f', 'ab', 0, 4)).toBe(true);
    expect(flash.read('f')).toBe('ab\xff\xff');
    expect(() => flash.write('f', 'c', 0)).toThrow('write at 0');
    expect(flash.write('f', 'b', 1)).toBe(true); // the same value again is allowed
    expect(() => flash.write('f', 'c', 1)).toThrow('overwritten');
    expect(() => flash.write('f', 'xyz', 2)).toThrow('past the end');
    flash.erase('f');
    expect(flash.read('f')).toBeUndefined();
  });

  it('writes the documented record layout and reads it back after a reset', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    expect(log.append(5400, fault('SENSOR_FAULT', 't_art', 0.999, NaN, 0.9876))).toBe(true);
    expect(log.append(7250.9, fault('LEAK', '', NaN, -12.5, 3))).toBe(true);

    const body = '0 5400 SENSOR_FAULT t_art 0.999 - 0.9876';
    const crc = (crc32(body) & 0xffff).toString(16).padStart(4, '0');
    expect(slotOf(flash, 'flt.a', 0)).toBe((body + ' ' + crc).padEnd(RECORD_BYTES - 1, ' ') + '\n');
    expect(slotOf(flash, 'flt.a', 1).startsWith('1 7250 LEAK - - -12.5 3 ')).toBe(true);
    expect(slotOf(flash, 'flt.a', 2)).toBe('\xff'.repeat(RECORD_BYTES));
    expect(flash.read('flt.a')).toHaveLength(8 * RECORD_BYTES);
    expect(flash.read('flt.b')).toBeUndefined();

    const after = new FaultLog(flash);
    after.load();
    expect(after.records()).toEqual([
      { seq: 0, timeMs: 5400, id: 'SENSOR_FAULT', channel: 't_art', raw: 0.999, value: NaN, limit: 0.9876 },
      { seq: 1, timeMs: 7250, id: 'LEAK', channel: '', raw: NaN, value: -12.5, limit: 3 },
    ]);
  });

  it('continues the sequence after a reset, oldest first, without writing a slot twice', () => {
    const flash = new FakeFlash();
    const first = new FaultLog(flash);
    first.load();
    appendMany(first, 3, 0);
    const second = new FaultLog(flash);
    second.load();
    appendMany(second, 2, 0); // the clock restarts at a reset
    expect(seqs(second)).toEqual([0, 1, 2, 3, 4]);
    expect(second.records().map((e) => e.id)).toEqual(['F0', 'F1', 'F2', 'F0', 'F1']);
    expect(flash.maxWritesPerSlot()).toBe(1);
  });

  it('loads lazily when append is called first', () => {
    const flash = new FakeFlash();
    const first = new FaultLog(flash);
    appendMany(first, 2, 0);
    const second = new FaultLog(flash);
    appendMany(second, 1, 0);
    expect(seqs(second)).toEqual([0, 1, 2]);
  });

  it('moves to the other file when one is full, keeping at least the last 8', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    appendMany(log, 8, 0);
    expect(flash.erases).toEqual(['flt.a']);
    appendMany(log, 1, 100000);
    expect(flash.erases).toEqual(['flt.a', 'flt.b']);
    expect(seqs(log)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    appendMany(log, 7, 200000); // flt.b full: 16 records
    expect(seqs(log)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    appendMany(log, 1, 300000); // flt.a erased: the 8 of flt.b and the new one
    expect(flash.erases).toEqual(['flt.a', 'flt.b', 'flt.a']);
    expect(seqs(log)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16]);

    const after = new FaultLog(flash);
    after.load();
    appendMany(after, 3, 0);
    expect(seqs(after)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(slotOf(flash, 'flt.a', 3).startsWith('19 20000 F2 ')).toBe(true);
    expect(flash.maxWritesPerSlot()).toBe(1);
  });

  it('finds the newest file after a reset and continues in it', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    appendMany(log, 12, 0); // flt.a full, flt.b holds 8..11
    const after = new FaultLog(flash);
    after.load();
    appendMany(after, 1, 0);
    expect(seqs(after)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(slotOf(flash, 'flt.b', 4).startsWith('12 0 F0 ')).toBe(true);
    expect(flash.maxWritesPerSlot()).toBe(1);
  });

  it('skips a torn write and appends after it', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    appendMany(log, 2, 0);
    flash.tearNextAfter = 20;
    expect(() => log.append(50000, fault('TORN', 'p_art', 1, 2, 3))).toThrow('power lost');
    expect(slotOf(flash, 'flt.a', 2)).toBe('2 50000 TORN p_art 1' + '\xff'.repeat(RECORD_BYTES - 20));

    const after = new FaultLog(flash);
    after.load();
    expect(seqs(after)).toEqual([0, 1]);
    flash.tearNextAfter = RECORD_BYTES - 1; // all but the final newline
    expect(() => after.append(0, fault('TORN', 'p_art', 1, 2, 3))).toThrow('power lost');
    expect(slotOf(flash, 'flt.a', 3).startsWith('2 0 TORN p_art 1 2 3 ')).toBe(true);

    const again = new FaultLog(flash);
    expect(again.append(0, fault('NEXT', 'p_art', 1, 2, 3))).toBe(true);
    expect(again.records().map((e) => e.id + e.seq)).toEqual(['F00', 'F11', 'NEXT2']);
    expect(slotOf(flash, 'flt.a', 4).startsWith('2 0 NEXT ')).toBe(true);
    expect(flash.maxWritesPerSlot()).toBe(1);
  });

  it('starts over a file left empty by a write torn before its first byte', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    flash.tearNextAfter = 0;
    expect(() => log.append(0, fault('TORN', '', NaN, NaN, NaN))).toThrow('power lost');
    expect(flash.read('flt.a')).toBe('\xff'.repeat(8 * RECORD_BYTES));
    const after = new FaultLog(flash);
    expect(after.append(0, fault('NEXT', '', NaN, NaN, NaN))).toBe(true);
    expect(after.records().map((e) => e.seq + e.id)).toEqual(['0NEXT']);
    expect(flash.erases).toEqual(['flt.a', 'flt.a']);
  });

  it('skips a record whose checksum no longer matches', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    appendMany(log, 3, 0);
    flash.files['flt.a'][RECORD_BYTES + 9] = 'X'; // 'F1' becomes 'X1' in slot 1
    const after = new FaultLog(flash);
    after.load();
    expect(after.records().map((e) => e.id)).toEqual(['F0', 'F2']);
    expect(after.append(0, fault('NEXT', '', NaN, NaN, NaN))).toBe(true);
    expect(seqs(after)).toEqual([0, 2, 3]);
  });

  it('rejects slots that are not records', () => {
    const good = encodeRecord({ seq: 4, timeMs: 10, id: 'LEAK', channel: 'p_ven', raw: 1, value: 2, limit: NaN }, crc32) as string;
    expect(decodeRecord(good, crc32)).toEqual({ seq: 4, timeMs: 10, id: 'LEAK', channel: 'p_ven', raw: 1, value: 2, limit: NaN });
    const signed = (body: string) => (body + ' ' + (crc32(body) & 0xffff).toString(16).padStart(4, '0')).padEnd(RECORD_BYTES - 1) + '\n';
    expect(decodeRecord(signed('4 10 LEAK p_ven 1 2 -'), crc32)).not.toBeNull();
    expect(decodeRecord(signed('4 10 LEAK p_ven 1 2'), crc32)).toBeNull();
    expect(decodeRecord(signed('4 10 LEAK p_ven 1 2 x'), crc32)).toBeNull();
    expect(decodeRecord(signed('4.5 10 LEAK p_ven 1 2 3'), crc32)).toBeNull();
    expect(decodeRecord(signed('-4 10 LEAK p_ven 1 2 3'), crc32)).toBeNull();
    expect(decodeRecord(good.substring(0, RECORD_BYTES - 1) + ' ', crc32)).toBeNull();
    expect(decodeRecord(good.substring(1), crc32)).toBeNull();
    expect(decodeRecord(' '.repeat(RECORD_BYTES - 1) + '\n', crc32)).toBeNull();
  });

  it('rejects a record whose fields are out of bounds, so one crafted record cannot poison the log', () => {
    const signed = (body: string) => (body + ' ' + (crc32(body) & 0xffff).toString(16).padStart(4, '0')).padEnd(RECORD_BYTES - 1) + '\n';
    // A sequence beyond any a board reaches, a time beyond the clock's, an id of lower case or a
    // number beyond what the log writes: each with a valid checksum, each refused.
    expect(decodeRecord(signed('1000000000000000000000000000000 10 ESTOP - - - -'), crc32)).toBeNull();
    expect(decodeRecord(signed('1000000000 10 ESTOP - - - -'), crc32)).toBeNull();
    expect(decodeRecord(signed('999999999 10 ESTOP - - - -'), crc32)).not.toBeNull();
    expect(decodeRecord(signed('4 99999999999 ESTOP - - - -'), crc32)).toBeNull();
    expect(decodeRecord(signed('4 10 ESTOP - 99999999 - -'), crc32)).toBeNull();
    expect(decodeRecord(signed('4 10 ESTOP p_art_and_more - - -'), crc32)).toBeNull();
    expect(decodeRecord(signed('4 10 ' + 'A'.repeat(21) + ' - - - -'), crc32)).toBeNull();
    // In flash: the log goes on after the crafted record, numbering from its own records.
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    appendMany(log, 2, 0);
    flash.write('flt.a', signed('1000000000000000000000000000000 10 ESTOP - - - -'), 2 * RECORD_BYTES);
    const after = new FaultLog(flash);
    after.load();
    expect(after.append(50000, fault('ESTOP', '', NaN, NaN, NaN))).toBe(true);
    expect(seqs(after)).toEqual([0, 1, 2]);
    expect(after.records().pop()!.id).toBe('ESTOP');
  });

  it('treats a file of another size as full and never writes into it', () => {
    const flash = new FakeFlash();
    flash.files['flt.a'] = Array.from('old format\n');
    const log = new FaultLog(flash);
    log.load();
    expect(log.records()).toEqual([]);
    appendMany(log, 1, 0);
    expect(flash.erases).toEqual(['flt.b']);
    expect(log.records().map((e) => e.seq + e.id)).toEqual(['0F0']);
    expect(flash.read('flt.a')).toBe('old format\n');
  });

  it('limits each alarm id to one record per 10 s and counts the dropped ones', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    expect(log.append(1000, fault('P_ART_HIGH', 'p_art', 1, 310, 300))).toBe(true);
    expect(log.append(10999, fault('P_ART_HIGH', 'p_art', 1, 320, 300))).toBe(false);
    expect(log.append(5000, fault('LEAK', '', NaN, NaN, NaN))).toBe(true);
    expect(log.append(11000, fault('P_ART_HIGH', 'p_art', 1, 330, 300))).toBe(true);
    expect(log.append(11001, fault('P_ART_HIGH', 'p_art', 1, 340, 300))).toBe(false);
    expect(log.droppedCount).toBe(2);
    expect(log.records().map((e) => e.value)).toEqual([310, NaN, 330]);
    // A clock set back must not silence an id until it catches up again.
    expect(log.append(2000, fault('P_ART_HIGH', 'p_art', 1, 350, 300))).toBe(true);
    expect(log.droppedCount).toBe(2);
  });

  it('writes at most MAX_WRITES_PER_BOOT records per boot', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    let written = 0;
    for (let i = 0; i < 100; i++) if (log.append(i * 20000, fault('STORM', 'p_art', i, i, 1))) written++;
    expect(written).toBe(MAX_WRITES_PER_BOOT);
    expect(MAX_WRITES_PER_BOOT).toBe(32);
    expect(log.droppedCount).toBe(68);
    expect(flash.erases).toEqual(['flt.a', 'flt.b', 'flt.a', 'flt.b']); // before slot 0 of each cycle
    expect(seqs(log)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    const after = new FaultLog(flash);
    after.load();
    expect(after.append(0, fault('STORM', 'p_art', 1, 1, 1))).toBe(true);
    expect(after.droppedCount).toBe(0);
  });

  it('counts a failed write as dropped and does not write over what it left', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    flash.failAfter = 0; // nothing written, not even the file created
    expect(log.append(0, fault('F0', '', NaN, NaN, NaN))).toBe(false);
    expect(flash.read('flt.a')).toBeUndefined();
    flash.failAfter = -1;
    appendMany(log, 1, 20000);
    flash.failAfter = 10; // a partly written slot 1
    expect(log.append(0, fault('PART', '', NaN, NaN, NaN))).toBe(false);
    expect(log.droppedCount).toBe(2);
    flash.failAfter = -1;
    expect(log.append(0, fault('LATER', '', NaN, NaN, NaN))).toBe(true);
    expect(log.records().map((e) => e.seq + e.id)).toEqual(['0F0', '1LATER']);
    expect(slotOf(flash, 'flt.a', 2).startsWith('1 0 LATER ')).toBe(true);
  });

  it('truncates and sanitises text so a record never exceeds its slot', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    log.load();
    expect(log.append(0, fault('A VERY_LONG\tALARM_ID_THAT_GOES_ON', 'channel with spaces', 1, 2, 3))).toBe(true);
    expect(log.append(1e12, fault('CALIBRATION_DEFAULT', 't_tissue', -9.87654, -9.99999, 1e9))).toBe(true);
    expect(log.append(2, fault('', '\u00e9\n', -Infinity, Infinity, 0.00001))).toBe(true);
    const e = log.records();
    expect(e[0]).toEqual({ seq: 0, timeMs: 0, id: 'A_VERY_LONG_ALARM_ID', channel: 'channel_', raw: 1, value: 2, limit: 3 });
    // Too long with 4 decimals: the numbers lose decimals before the id loses characters.
    expect(e[1]).toEqual({ seq: 1, timeMs: 9999999999, id: 'CALIBRATION_DEFAULT', channel: 't_tissue', raw: -9.9, value: -10, limit: 9999999 });
    expect(e[2]).toEqual({ seq: 2, timeMs: 2, id: '?', channel: '__', raw: -9999999, value: 9999999, limit: 0 });
    for (let s = 0; s < 3; s++) expect(slotOf(flash, 'flt.a', s)).toMatch(/^[ -~]{63}\n$/);
  });

  it('cuts the id when even whole numbers do not fit, and refuses only a seq of 10 digits', () => {
    const line = encodeRecord({ seq: 12345678, timeMs: 9999999999, id: 'CALIBRATION_DEFAULT', channel: 't_tissue', raw: -9999999, value: 1, limit: 1 }, crc32);
    expect(line).toMatch(/^12345678 9999999999 CALIBRATION_DEFA t_tissue -9999999 1 1 [0-9a-f]{4}\n$/);
    const worst = { timeMs: 9999999999, id: 'CALIBRATION_DEFAULT', channel: 't_tissue', raw: -9999999, value: -9999999, limit: -9999999 };
    expect(decodeRecord(encodeRecord({ seq: 12345678, ...worst }, crc32) as string, crc32)).toEqual({ seq: 12345678, ...worst, id: 'CA' });
    expect(decodeRecord(encodeRecord({ seq: 123456789, ...worst }, crc32) as string, crc32)).toEqual({ seq: 123456789, ...worst, id: 'C' });
    expect(encodeRecord({ seq: 1234567890, ...worst }, crc32)).toBeUndefined();
  });

  it('formats a line for the log command', () => {
    const e: FaultEntry = { seq: 12, timeMs: 5400, id: 'SENSOR_FAULT', channel: 't_art', raw: 0.999, value: NaN, limit: 0.9876 };
    expect(formatEntry(e)).toBe('#12 t=5.4s SENSOR_FAULT ch=t_art raw=0.9990 value=null limit=0.9876');
    expect(formatEntry({ seq: 0, timeMs: 123456, id: 'LEAK', channel: '', raw: NaN, value: -12.5, limit: 3 }))
      .toBe('#0 t=123.5s LEAK ch=- raw=null value=-12.5000 limit=3.0000');
  });

  it('keeps the last records in order across any appends and resets (property)', () => {
    const IDS = ['ESTOP', 'LEAK', 'SENSOR_FAULT', 'P_ART_HIGH'];
    const CHANNELS = ['', 't_art', 'p_cuff', 't_tissue'];
    const num = fc.oneof(fc.constant(NaN), fc.integer({ min: -99999, max: 99999 }).map((i) => i / 10000), fc.integer({ min: -99999, max: 99999 }));
    const op = fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) }, // a reset
      { weight: 8, arbitrary: fc.record({ dtMs: fc.integer({ min: 0, max: 25000 }), id: fc.constantFrom(...IDS), channel: fc.constantFrom(...CHANNELS), raw: num, value: num, limit: num }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120, size: 'max' }), (ops) => {
        const flash = new FakeFlash();
        let log = new FaultLog(flash);
        log.load();
        // Reference model of what is accepted: the same rate limits, reset at each boot.
        const accepted: FaultEntry[] = [];
        let nowMs = 0;
        let writes = 0;
        let last: Record<string, number> = {};
        for (const o of ops) {
          if (o === null) {
            log = new FaultLog(flash);
            log.load();
            nowMs = 0;
            writes = 0;
            last = {};
            continue;
          }
          nowMs += o.dtMs;
          const ok = writes < MAX_WRITES_PER_BOOT && !(last[o.id] !== undefined && nowMs - last[o.id] < 10000);
          expect(log.append(nowMs, fault(o.id, o.channel, o.raw, o.value, o.limit))).toBe(ok);
          if (ok) {
            writes++;
            last[o.id] = nowMs;
            accepted.push({ seq: accepted.length, timeMs: nowMs, id: o.id, channel: o.channel, raw: o.raw, value: o.value, limit: o.limit });
          }
        }
        const n = accepted.length;
        const kept = n <= 16 ? n : 8 + ((n - 1) % 8) + 1;
        const reloaded = new FaultLog(flash);
        reloaded.load();
        const got = reloaded.records();
        expect(got.length).toBeGreaterThanOrEqual(Math.min(n, 8));
        expect(got).toEqual(accepted.slice(n - kept));
        expect(flash.maxWritesPerSlot()).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fault log: record edges and flash access', () => {
  const ERASED_SLOT = '\xff'.repeat(RECORD_BYTES);
  const signed = (body: string) => (body + ' ' + (crc32(body) & 0xffff).toString(16).padStart(4, '0')).padEnd(RECORD_BYTES - 1) + '\n';

  /** The fake flash, also recording the name of every file read. */
  class ReadCountingFlash extends FakeFlash {
    reads: string[] = [];

    read(name: string): string | undefined {
      this.reads.push(name);
      return super.read(name);
    }
  }

  it('replaces DEL like any other non-printable character', () => {
    const flash = new FakeFlash();
    const log = new FaultLog(flash);
    expect(log.append(0, fault('A\x7fB', 'c\x7f', 1, 2, 3))).toBe(true);
    expect(log.records()).toEqual([{ seq: 0, timeMs: 0, id: 'A_B', channel: 'c_', raw: 1, value: 2, limit: 3 }]);
    expect(slotOf(flash, 'flt.a', 0)).toMatch(/^[ -~]{63}\n$/);
  });

  it('rounds numbers to whole ones, keeping their zeros, when nothing else fits', () => {
    const e = { seq: 12345678, timeMs: 9999999999, id: 'CALIBRATION_DEFAULT', channel: 't_tissue', raw: -9999989.6, value: 99.96, limit: 1000.04 };
    const line = encodeRecord(e, crc32) as string;
    expect(line).toMatch(/^12345678 9999999999 CALIBRATION t_tissue -9999990 100 1000 [0-9a-f]{4} *\n$/);
    expect(decodeRecord(line, crc32)).toEqual({ ...e, id: 'CALIBRATION', raw: -9999990, value: 100, limit: 1000 });
  });

  it('records a time before the clock started as 0', () => {
    const e = { seq: 3, timeMs: -5, id: 'LEAK', channel: '', raw: NaN, value: NaN, limit: NaN };
    expect(decodeRecord(encodeRecord(e, crc32) as string, crc32)).toEqual({ ...e, timeMs: 0 });
    const log = new FaultLog(new FakeFlash());
    expect(log.append(-1500.5, fault('LEAK', '', NaN, NaN, NaN))).toBe(true);
    expect(log.records().map((r) => r.timeMs)).toEqual([0]);
  });

  it('rejects a slot longer than a record, and a time that is negative or not whole', () => {
    const good = encodeRecord({ seq: 4, timeMs: 10, id: 'LEAK', channel: 'p_ven', raw: 1, value: 2, limit: 3 }, crc32) as string;
    expect(decodeRecord(good, crc32)).not.toBeNull();
    expect(decodeRecord(good + 'x', crc32)).toBeNull();
    expect(decodeRecord(good + '\n', crc32)).toBeNull();
    expect(decodeRecord(signed('4 10 LEAK p_ven 1 2 3'), crc32)).not.toBeNull();
    expect(decodeRecord(signed('4 -10 LEAK p_ven 1 2 3'), crc32)).toBeNull();
    expect(decodeRecord(signed('4 10.5 LEAK p_ven 1 2 3'), crc32)).toBeNull();
  });

  it('neither reads nor writes a file of another size, even one with records in it', () => {
    const flash = new FakeFlash();
    const record = encodeRecord({ seq: 40, timeMs: 1, id: 'OLD', channel: '', raw: NaN, value: NaN, limit: NaN }, crc32) as string;
    const old = record + ERASED_SLOT.repeat(7) + '\n';
    flash.files['flt.a'] = Array.from(old);
    const log = new FaultLog(flash);
    log.load();
    expect(log.records()).toEqual([]);
    expect(log.append(0, fault('NEW', '', NaN, NaN, NaN))).toBe(true);
    expect(flash.erases).toEqual(['flt.b']);
    expect(log.records().map((e) => e.seq + e.id)).toEqual(['0NEW']);
    expect(flash.read('flt.a')).toBe(old);
  });

  it('rate-limits any id, even one named like a property of every object', () => {
    const log = new FaultLog(new FakeFlash());
    for (const id of ['__proto__', 'constructor', 'toString']) {
      expect(log.append(1000, fault(id, '', NaN, NaN, NaN))).toBe(true);
      expect(log.append(2000, fault(id, '', NaN, NaN, NaN))).toBe(false);
      expect(log.append(11000, fault(id, '', NaN, NaN, NaN))).toBe(true);
    }
    expect(log.droppedCount).toBe(3);
    expect(log.records().map((e) => e.id)).toEqual(['__proto__', '__proto__', 'constructor', 'constructor', 'toString', 'toString']);
  });

  it('reads only its two files, and only at load and when records are listed', () => {
    const flash = new ReadCountingFlash();
    const log = new FaultLog(flash);
    log.load();
    expect(flash.reads).toEqual(FAULT_FILES);
    appendMany(log, 3, 0);
    expect(flash.reads).toEqual(FAULT_FILES);
    expect(seqs(log)).toEqual([0, 1, 2]);
    expect(flash.reads).toEqual([...FAULT_FILES, ...FAULT_FILES]);
    const after = new FaultLog(flash);
    after.load();
    expect(after.append(0, fault('NEXT', '', NaN, NaN, NaN))).toBe(true);
    expect(flash.reads).toEqual([...FAULT_FILES, ...FAULT_FILES, ...FAULT_FILES]);
  });
});
