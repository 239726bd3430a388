// The case record and its ring on their own (firmware/core/procedure/caseRecord.ts,
// firmware/core/slotRing.ts): a record reads back as written; anything else in a slot,
// valid checksum or not, reads as no record; the ring writes only erased slots, one file
// after the other, and a refused write leaves the position to be found again.
import fc from 'fast-check';
import { CHANNEL_COUNT } from '../../firmware/core/channels';
import { Controller } from '../../firmware/core/controller';
import { bootController } from '../../firmware/core/boot';
import {
  CASE_FILES, CASE_SLOTS_PER_FILE, CASE_SLOT_BYTES, RESET_POR, caseLine, caseRing, decodeCase, resetCauseOf, saveCase,
} from '../../firmware/core/procedure/caseRecord';
import { PHASE_DRUG1 } from '../../firmware/core/procedure/phases';
import { findProfile } from '../../firmware/core/profiles';
import { FRONT_END_LINEAR, FrontEnd } from '../../firmware/core/sensing/frontEnds';
import { RingIO, appendRing, scanRing } from '../../firmware/core/slotRing';
import { A_CASE_RESTORED, A_STORAGE_FAULT } from '../../firmware/core/safety/alarms';
import { STATE_IDLE, STATE_PERFUSING } from '../../firmware/core/states';
import { crc32 } from '../../scripts/sim/espruinoSim';

const IDENTITY: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 };
const DRIVE = { motorStepsPerRev: 200, microsteps: 16, gearRatio: 1, accelMlMinPerS: 200, encoderPulsesPerRev: 100 };

/** Flash as Storage keeps it: erased bytes read 0xFF, written ones may not be written again. */
function flash(refuse = () => false): RingIO & { files: Record<string, string>; writes: number } {
  const files: Record<string, string> = {};
  return {
    files,
    writes: 0,
    read: (name) => files[name],
    write(name, text, offset, size) {
      this.writes++;
      if (refuse()) return false;
      if (size !== undefined) files[name] = '\xff'.repeat(size);
      const f = files[name];
      if (f === undefined) return false;
      for (let i = offset; i < offset + text.length; i++) if (f.charCodeAt(i) !== 0xff) throw new Error('File already written with different data');
      files[name] = f.substring(0, offset) + text + f.substring(offset + text.length);
      return true;
    },
    erase: (name) => {
      delete files[name];
    },
    crc32,
  };
}

function controller(io?: RingIO, lines: string[] = []): Controller {
  const c = new Controller(DRIVE, new Array(CHANNEL_COUNT).fill(IDENTITY), (l) => lines.push(l), undefined, undefined, io);
  bootController(c, 0, true, false, new Float64Array(CHANNEL_COUNT).fill(NaN), 0);
  return c;
}

const seqOf = (slot: string) => {
  const r = decodeCase(slot, crc32);
  return r ? r.seq : -1;
};

describe('case record', () => {
  it('reads back what was written: profile, setpoints, phase, tourniquet, volume, zero, tare', () => {
    const c = controller();
    c.profile = findProfile('ili')!;
    c.flowSetMlMin = 52.25;
    c.tempSetC = 39.5;
    c.state = STATE_PERFUSING;
    c.procedure.phase = PHASE_DRUG1;
    c.procedure.phaseStartMs = 4000;
    c.tourniquet.sinceMs = 1000;
    c.pump.volumeMl = 123.4;
    c.procedure.phaseStartVolumeMl = 23.4;
    c.sensing.zeroArtMmHg = -3.25;
    c.sensing.levelOffsetMl = 300;
    const line = caseLine(c, 64000, 7, crc32);
    expect(line.length).toBe(CASE_SLOT_BYTES);
    expect(decodeCase(line, crc32)).toEqual({
      seq: 7, state: 'PERFUSING', profile: 'ili', flowSetMlMin: 52.25, tempSetC: 39.5, phase: PHASE_DRUG1, phaseMs: 60000, phaseMl: 100,
      tourniquetMs: 63000, volumeMl: 123.4, leakStartMl: NaN, zeroArtMmHg: -3.25, zeroVenMmHg: 0, tareMl: 300, infuseMl: 0, savedMs: 64000,
    });
  });

  it('reads a record with a flipped character, a wrong length or an unknown profile as none', () => {
    const c = controller();
    const line = caseLine(c, 1000, 3, crc32);
    expect(decodeCase(line, crc32)).not.toBeNull();
    expect(decodeCase(line.substring(1), crc32)).toBeNull();
    expect(decodeCase(line.replace('ilp-leg', 'ilp-lag'), crc32)).toBeNull();
    expect(decodeCase('\xff'.repeat(CASE_SLOT_BYTES), crc32)).toBeNull();
  });

  it('fuzz: any body with a valid checksum is a record within bounds, or none; never a throw', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.double().map(String), fc.constantFrom('PERFUSING', 'ili', 'null', '-1', '1e30')), { maxLength: 18 }), (words) => {
        let body = words.join(' ');
        if (body.length > CASE_SLOT_BYTES - 7) body = body.substring(0, CASE_SLOT_BYTES - 7);
        let line = body + ' ' + ((crc32(body) & 0xffff).toString(16).padStart(4, '0'));
        while (line.length < CASE_SLOT_BYTES - 1) line += ' ';
        const rec = decodeCase(line + '\n', crc32);
        if (rec === null) return;
        const p = findProfile(rec.profile)!;
        expect(rec.flowSetMlMin).toBeGreaterThanOrEqual(p.flowMinMlMin);
        expect(rec.flowSetMlMin).toBeLessThanOrEqual(p.flowMaxMlMin);
        expect(Number.isInteger(rec.seq) && rec.seq >= 0).toBe(true);
        expect(rec.volumeMl).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the cause of a reset from RCC_CSR', () => {
    expect(resetCauseOf((1 << 27) | (1 << 26) | (1 << 25))).toBe('power');
    expect(resetCauseOf((1 << 25) | (1 << 26))).toBe('brownout');
    expect(resetCauseOf((1 << 29) | (1 << 26))).toBe('watchdog');
    expect(resetCauseOf(1 << 28)).toBe('software');
    expect(resetCauseOf(1 << 26)).toBe('pin');
    expect(resetCauseOf(0)).toBe('unknown');
  });
});

describe('case ring', () => {
  it('fills file a, then b, then a again, each slot written once per erase; the newest record wins', () => {
    const io = flash();
    const ring = caseRing();
    const c = controller(io);
    for (let i = 0; i < 2 * CASE_SLOTS_PER_FILE + 3; i++) {
      c.flowSetMlMin = 100 + i;
      saveCase(c, 10000 * (i + 1));
    }
    const scan = scanRing(io, ring, seqOf);
    expect(scan.seq).toBe(2 * CASE_SLOTS_PER_FILE + 2);
    expect(decodeCase(scan.text, crc32)!.flowSetMlMin).toBe(100 + 2 * CASE_SLOTS_PER_FILE + 2);
    expect(scan.next).toBe(3);
    // File b still holds its 8 records: the last file's worth always survives.
    expect(io.files[CASE_FILES[1]].length).toBe(CASE_SLOT_BYTES * CASE_SLOTS_PER_FILE);
    expect(c.alarms.raised[A_STORAGE_FAULT]).toBe(0);
  });

  it('a refused write: STORAGE_FAULT once, the position found again, the next record lands', () => {
    let refusing = false;
    const io = flash(() => refusing);
    const c = controller(io);
    saveCase(c, 1000);
    refusing = true;
    saveCase(c, 2000);
    saveCase(c, 3000);
    expect(c.alarms.raised[A_STORAGE_FAULT]).toBe(1);
    expect(c.caseRing).toBe(-1);
    refusing = false;
    saveCase(c, 4000);
    const scan = scanRing(io, caseRing(), seqOf);
    expect(scan.seq).toBe(1);
    expect(decodeCase(scan.text, crc32)!.savedMs).toBe(4000);
  });

  it('appendRing wraps from the last slot of file b to file a', () => {
    const io = flash();
    const ring = caseRing();
    const line = 'x'.repeat(CASE_SLOT_BYTES - 1) + '\n';
    expect(appendRing(io, ring, CASE_SLOTS_PER_FILE, line)).toBe(CASE_SLOTS_PER_FILE + 1);
    expect(appendRing(io, ring, 2 * CASE_SLOTS_PER_FILE - 1, line)).toBe(0);
    expect(appendRing(io, ring, 2 * CASE_SLOTS_PER_FILE, line)).toBe(1);
  });

  it('restores at boot, and a power-on reset makes the outage unknown', () => {
    const io = flash();
    const c = controller(io);
    c.profile = findProfile('ili')!;
    c.flowSetMlMin = 40;
    c.tourniquet.sinceMs = 0;
    c.state = STATE_PERFUSING;
    saveCase(c, 30000);
    const lines: string[] = [];
    const d = new Controller(DRIVE, new Array(CHANNEL_COUNT).fill(IDENTITY), (l) => lines.push(l), undefined, undefined, io);
    bootController(d, 500, true, false, new Float64Array(CHANNEL_COUNT).fill(NaN), 0, true, RESET_POR);
    expect(d.profile.id).toBe('ili');
    expect(d.flowSetMlMin).toBe(40);
    expect(d.state).toBe(STATE_IDLE);
    expect(d.resumeTo).toBe(STATE_PERFUSING);
    expect(d.alarms.raised[A_CASE_RESTORED]).toBe(1);
    // Tourniquet on 30 s at the save; the clock restarted at 0, so "on since 30 s before now".
    expect(d.tourniquet.sinceMs).toBe(500 - 30000);
    const event = JSON.parse(lines.find((l) => l.startsWith('!case '))!.substring(6));
    expect(event).toMatchObject({ cause: 'power', down_s: null, tourniquet_min: 0.5, tourniquet_exact: false });
    // The next record is written after the restored one, not over it.
    saveCase(d, 2000);
    expect(scanRing(io, caseRing(), seqOf).seq).toBe(1);
  });
});
