// Every failure path ends with the pump stopped and the heater off: an error inside the
// control tick (here the ADC read throws) halts the firmware in its safe state.
import { loadBoard } from '../../scripts/board/board';
import { EspruinoSim } from '../../scripts/sim/espruinoSim';
import { Observer, Stimuli, uploadPath } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { readUpload } from '../../scripts/build/upload';
import { externalSampleMs, requireBuild } from '../helpers';

it('halts with the pump stopped and the heater off when the tick throws, and stays halted', () => {
  requireBuild('pico');
  const board = loadBoard('pico');
  const observer = new Observer(board, true, undefined);
  // The encoder model of the replay harness, so the turning head is not taken for a stall.
  const stimuli = new Stimuli(parseTrace('none.csv', 't_ms\n0\n'), board);
  let adcBroken = false;
  const sim: EspruinoSim = new EspruinoSim(board, {
    onPinOutput: (p) => {
      observer.pinOutput(p, sim.nowMs);
      sim.setPulseTrain('B5', stimuli.encoderHz(sim.pins.A8, sim.pins.B3, false));
    },
    onSerialWrite: (d, t) => observer.serialWrite(d, t, sim.nowMs),
    analogSource: (pin) => {
      if (adcBroken) throw new Error(`ADC fault on ${pin}`);
      return pin === 'A4' || pin === 'A5' ? 0.2 : 0.5;
    },
  });
  // Supervised inputs (e-stop, air detector, lid) and the driver's alarm output: 1 = healthy.
  for (const pin of ['B13', 'B14', 'B15', 'A10'] as const) sim.pins[pin].level = 1;
  sim.runUpload(readUpload(uploadPath('pico')), 'upload.js');
  sim.boot();
  // The air detector's self-test takes a few ms after power-on.
  sim.runUntil(20, true);
  observer.commandSent('start');
  sim.receive('Serial1', 'start\n');
  sim.runUntil(5000 + externalSampleMs(), true);
  const running = observer.events.filter((e) => e.ev === 'pump').pop()!;
  expect(running.hz).toBeGreaterThan(500);
  expect(observer.events.filter((e) => e.ev === 'heater').pop()!.duty).toBeGreaterThan(0);

  adcBroken = true;
  // The tick at 5200 ms reads the on-chip ADC once its external conversions are in.
  const haltMs = 5200 + externalSampleMs();
  sim.runUntil(haltMs, true);
  const error = observer.events.find((e) => e.ev === 'error');
  expect(error).toEqual({ t: haltMs, ev: 'error', where: 'tick', message: 'Error: ADC fault on A0' });
  const pumpAfter = observer.events.filter((e) => e.ev === 'pump' && e.t >= 5200);
  expect(pumpAfter[pumpAfter.length - 1]).toMatchObject({ hz: 0, enabled: false });
  expect(observer.events.filter((e) => e.ev === 'heater').pop()).toMatchObject({ t: haltMs, duty: 0 });
  // The sounder's safe state: a steady tone, no pattern, for as long as the firmware is halted.
  expect(observer.events.filter((e) => e.ev === 'buzzer').pop()).toMatchObject({ t: haltMs, on: true });

  // Commands can no longer restart anything: the halted firmware ignores them.
  adcBroken = false;
  observer.commandSent('start');
  sim.receive('Serial1', 'start\n');
  // The halted firmware no longer feeds the watchdog: the hardware resets the board one
  // timeout after the last healthy cycle, and it comes up in FAULT, never pumping.
  sim.runUntil(20000, true);
  expect(sim.resets).toBe(1);
  const lastKickMs = 5000 + externalSampleMs();
  const rebootStates = observer.events.filter((e) => e.ev === 'state' && e.t > haltMs);
  expect(rebootStates.map((e) => [e.t, e.from, e.to])).toEqual([[lastKickMs + 1000, 'BOOT', 'FAULT']]);
  expect(observer.events.filter((e) => e.ev === 'alarm' && e.t > haltMs).map((e) => e.id)).toContain('WATCHDOG_RESET');
  expect(observer.events.filter((e) => e.ev === 'pump' && e.t > haltMs && (e.hz as number) > 0)).toEqual([]);
  expect(observer.events.filter((e) => e.ev === 'heater' && e.t > haltMs && (e.duty as number) > 0)).toEqual([]);
  // Between the halt and the reset: nothing moved, the steady tone went on.
  expect(observer.events.filter((e) => e.ev !== 'reply' && e.t > haltMs && e.t < lastKickMs + 1000)).toEqual([]);
});

it('raises CLOCK_RC at boot on a board whose RTC does not run from the 32 kHz crystal, and still pumps', () => {
  requireBuild('pico');
  const board = { ...loadBoard('pico') };
  board.board = { ...board.board, lseCrystal: false };
  const observer = new Observer(board, true, undefined);
  const stimuli = new Stimuli(parseTrace('none.csv', 't_ms\n0\n'), board);
  const sim: EspruinoSim = new EspruinoSim(board, {
    onPinOutput: (p) => {
      observer.pinOutput(p, sim.nowMs);
      sim.setPulseTrain('B5', stimuli.encoderHz(sim.pins.A8, sim.pins.B3, false));
    },
    onSerialWrite: (d, t) => observer.serialWrite(d, t, sim.nowMs),
    analogSource: (pin) => (pin === 'A4' || pin === 'A5' ? 0.2 : 0.5),
  });
  for (const pin of ['B13', 'B14', 'B15', 'A10'] as const) sim.pins[pin].level = 1;
  sim.runUpload(readUpload(uploadPath('pico')), 'upload.js');
  sim.boot();
  // The air detector's self-test takes a few ms after power-on.
  sim.runUntil(20, true);
  observer.commandSent('start');
  sim.receive('Serial1', 'start\n');
  sim.runUntil(3000, true);
  const alarms = observer.events.filter((e) => e.ev === 'alarm' && e.priority !== 'low');
  expect(alarms).toEqual([{ t: 0, ev: 'alarm', id: 'CLOCK_RC', priority: 'medium', active: true }]);
  expect(observer.events.filter((e) => e.ev === 'reply').map((e) => e.text)).toEqual(['ok start 350']);
});
