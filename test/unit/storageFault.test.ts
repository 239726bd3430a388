// A flash that refuses writes (full, or failing): the fault log drops the record, the alarm
// still sounds, and STORAGE_FAULT tells the team the log can no longer be kept. Nothing
// throws, nothing halts.
import { A_ESTOP, A_STORAGE_FAULT, alarmId } from '../../firmware/core/safety/alarms';
import { CHANNEL_COUNT, IN_ESTOP } from '../../firmware/core/channels';
import { Controller } from '../../firmware/core/controller';
import { bootController } from '../../firmware/core/boot';
import { FaultLog, FaultLogIO } from '../../firmware/core/safety/faultLog';
import { FRONT_END_LINEAR, FrontEnd } from '../../firmware/core/sensing/frontEnds';
import { crc32 } from '../../scripts/sim/espruinoSim';

const IDENTITY: FrontEnd = { kind: FRONT_END_LINEAR, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 };

function refusingFlash(): FaultLogIO & { writes: number } {
  return { writes: 0, read: () => undefined, write() { this.writes++; return false; }, erase: () => undefined, crc32 };
}

it('raises STORAGE_FAULT once when the fault log cannot be written, and keeps the alarm that failed to log', () => {
  const lines: string[] = [];
  const io = refusingFlash();
  const log = new FaultLog(io);
  const c = new Controller({ motorStepsPerRev: 200, microsteps: 16, gearRatio: 1, accelMlMinPerS: 200, encoderPulsesPerRev: 100 },
    new Array(CHANNEL_COUNT).fill(IDENTITY), (l) => lines.push(l), undefined, log);
  bootController(c, 0, true, false, new Float64Array(CHANNEL_COUNT).fill(NaN), 0);
  c.setInput(IN_ESTOP, true, 1000);
  expect(c.alarms.raised[A_ESTOP]).toBe(1);
  expect(c.alarms.raised[A_STORAGE_FAULT]).toBe(1);
  expect(log.failedWrites).toBe(1);
  const raised = lines.filter((l) => l.startsWith('!alarm') && l.includes('"active":true')).map((l) => JSON.parse(l.substring(7)).id);
  expect(raised).toEqual([alarmId(A_ESTOP), 'STORAGE_FAULT']);
  expect(JSON.parse(lines.find((l) => l.includes('STORAGE_FAULT'))!.substring(7)).priority).toBe('medium');
  // Released and pressed again 11 s later: a second failed record, no second STORAGE_FAULT line.
  c.setInput(IN_ESTOP, false, 2000);
  c.setInput(IN_ESTOP, true, 13000);
  expect(io.writes).toBe(1);
  expect(lines.filter((l) => l.includes('STORAGE_FAULT')).length).toBe(1);
});
