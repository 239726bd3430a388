// Boot and wiring: outputs to their safe state first, then the controller, the command
// port, the safety inputs and the control tick.

import {
  ACCEL_ML_MIN_PER_S, ADC_BITS, BOARD_NAME, ENCODER_PULSES_PER_REV, GEAR_RATIO, MICROSTEPS,
  EXTERNAL_CHANNEL_COUNT, MOTOR_STEPS_PER_REV,
} from 'board-config';
import { CHANNEL_COUNT } from './core/channels';
import { CASE_MIN_INTERVAL_MS } from './core/procedure/caseRecord';
import { A_FIRMWARE_FAULT } from './core/safety/alarms';
import type { BoardWiring } from './hal/boardWiring';
import { Controller, Outputs } from './core/controller';
import { STATE_FAULT, STATE_IDLE } from './core/states';
import { eventLine, quote } from './core/format';
import { LineAssembler } from './core/commands/lineAssembler';
import { DriveTrain } from './core/drive/pumpDrive';
import { FRONT_END_NONE, FrontEnd } from './core/sensing/frontEnds';
import { readAnalog } from './hal/analog';
import { nowMs } from './hal/clock';
import { sampleExternal, setupExternalAdc, takeExternalWiring } from './hal/externalAdc';
import { openCommandPort, writeLine } from './hal/commandPort';
import { BOOT_MODULE, COMMAND_MODULE, loadModule } from './hal/modules';
import { readActiveInputs, watchEncoder, watchInputs } from './hal/inputs';
import { setAirTest, setDriverEnabled, setHeaterDuty, setStepHz } from './hal/outputs';
import { powerOnBeep, soundAlarm } from './hal/buzzer';
import { enterSafeState } from './hal/safeState';
import { kickWatchdog, startWatchdog } from './hal/watchdog';
import { settingsIO } from './hal/settingsStore';
import { FaultLog } from './core/safety/faultLog';
import { faultLogIO } from './hal/faultLogStore';

const FIRMWARE_VERSION = '0.1.0';
/**
 * Control period. The interpreter is the bottleneck (several million machine instructions
 * a tick, measured by npm run bench): 5 Hz keeps the Pico under a quarter loaded, and every
 * interlock bound still holds (watches act at once; analog checks need 1-3 ticks).
 */
const TICK_MS = 200;
/** The case record is looked at on one tick in this many: at most one record a CASE_MIN_INTERVAL_MS. */
const CASE_CHECK_EVERY_TICKS = CASE_MIN_INTERVAL_MS / TICK_MS;
/** The sounder's tone at power-on, proving it works (IEC 60601-1-8 asks for a check). */
const POWER_ON_BEEP_MS = 300;

/** The drive train as the board file describes it; the tubing's stroke volume is the controller's. */
const DRIVE: DriveTrain = {
  motorStepsPerRev: MOTOR_STEPS_PER_REV,
  microsteps: MICROSTEPS,
  gearRatio: GEAR_RATIO,
  accelMlMinPerS: ACCEL_ML_MIN_PER_S,
  encoderPulsesPerRev: ENCODER_PULSES_PER_REV,
};

// Every output to its safe state first, the sounder included (its tone is the power-on
// check that it works); quiet once the self-test below has passed.
enterSafeState();

/**
 * analogRead returns code / 2^bits, the bottom of the code's bin; half a step up is the
 * bin's centre, which halves the worst quantisation error.
 */
const ADC_HALF_STEP = 0.5 / (1 << ADC_BITS);
const raw = new Float64Array(CHANNEL_COUNT);
for (let i = 0; i < CHANNEL_COUNT; i++) raw[i] = NaN;

/** firmware/modules/boot.ts: the wiring, and power-on with the board's clock and reset flags read there. */
type BootModule = {
  wiring: () => BoardWiring;
  boot: (c: Controller, nowMs: number, raw: Float64Array, inputMask: number, firmwareWhole: boolean) => Outputs;
};
/** Power-on code, read from Storage and dropped after boot; null when missing or from another build. */
let bootModule = loadModule(BOOT_MODULE) as BootModule | null;
let wiring: BoardWiring | null = bootModule ? bootModule.wiring() : null;

/** No boot module: no channel is read, and FIRMWARE_FAULT keeps the pump stopped. */
function unwiredFrontEnds(): FrontEnd[] {
  const frontEnds: FrontEnd[] = [];
  for (let i = 0; i < CHANNEL_COUNT; i++) frontEnds.push({ kind: FRONT_END_NONE, seriesOhm: 0, sh: null, ratioAtZero: 0, ratioPerUnit: 1 });
  return frontEnds;
}

const analogPins: Pin[] = wiring ? wiring.pins : [];
const analogIndexes: number[] = wiring ? wiring.indexes : [];
if (wiring) takeExternalWiring(wiring.external);
const faultLog = new FaultLog(faultLogIO);
const controller = new Controller(DRIVE, wiring ? wiring.frontEnds : unwiredFrontEnds(), writeLine, settingsIO, faultLog, faultLogIO);
wiring = null;
/** Pump-head encoder pulses since boot, counted by the encoder watch. */
let encoderPulses = 0;
let halted = false;

/** Applies what the controller decided: pump, heater, sounder. */
function applyOutputs(out: Outputs): void {
  if (halted) return;
  // Enable the driver before the first step pulse; stop the pulses before disabling it.
  if (out.driverEnabled) {
    setDriverEnabled(true);
    setStepHz(out.stepHz);
  } else {
    setStepHz(0);
    setDriverEnabled(false);
  }
  setHeaterDuty(out.heaterDuty);
  setAirTest(out.airTestOn);
  soundAlarm(out.soundRank);
}

/**
 * Last resort: an error inside the firmware stops everything and stays stopped, with the
 * reason in the fault log; the watchdog, no longer fed, then resets the board into FAULT.
 */
function halt(where: string, e: unknown): void {
  halted = true;
  enterSafeState();
  try {
    faultLog.append(nowMs(), { id: 'ERROR', channel: where, raw: NaN, value: NaN, limit: NaN });
  } catch (_e) {
    // The log is a record, not a condition of the safe state.
  }
  writeLine(eventLine('error', '{"where":' + quote(where) + ',"message":' + JSON.stringify(String(e)) + '}'));
}

function onInput(input: number, active: boolean): void {
  try {
    applyOutputs(controller.setInput(input, active, nowMs()));
  } catch (e) {
    halt('input', e);
  }
}

/**
 * When the running control cycle is scheduled: its readings and timers count from there.
 * Espruino keeps an interval's schedule (the next run is the last one's time plus the
 * period, src/jsinteractive.c), however late a callback runs, so the schedule is counted
 * here: consecutive ticks are exactly TICK_MS apart, and an interlock's persistence of one
 * tick is met on the next tick, not the one after.
 */
let tickStartMs = 0;
let ticksRun = 0;
let ticksFromMs = 0;

type CommandModule = ((c: Controller, line: string, nowMs: number) => string) & { saveCase?: (c: Controller, nowMs: number) => void };

/** The control cycle proper, once the external converter's readings are in. */
function runControl(): void {
  try {
    readAnalog(analogPins, analogIndexes, ADC_HALF_STEP, raw);
    const now = tickStartMs;
    // A call costs the interpreter thousands of instructions: only when an input changed.
    const inputMask = readActiveInputs();
    if (inputMask !== controller.inputMask) controller.pollInputs(inputMask, now);
    applyOutputs(controller.tick(now, raw, encoderPulses));
    // The case record into flash when due, by the command module's code (none of it stays
    // in memory); looked at once a second, so at most one a second (core/procedure/caseRecord.ts).
    if (ticksRun % CASE_CHECK_EVERY_TICKS === 0 && now >= controller.caseDueMs) {
      const run = loadModule(COMMAND_MODULE) as CommandModule | null;
      if (run && run.saveCase) run.saveCase(controller, now);
    }
    // A complete, healthy cycle: only now may the watchdog be fed.
    if (!halted) kickWatchdog();
  } catch (e) {
    halt('tick', e);
  }
}

function controlTick(): void {
  // Halted: nothing runs, nothing feeds the watchdog; it resets the board into FAULT.
  if (halted) return;
  tickStartMs = ticksFromMs + ++ticksRun * TICK_MS;
  try {
    // A sequence still running 200 ms later means the bus hangs: control goes on with
    // the readings it has, and their checks (stuck, limits) judge them.
    if (EXTERNAL_CHANNEL_COUNT === 0 || !sampleExternal(raw, runControl)) runControl();
  } catch (e) {
    halt('tick', e);
  }
}

/**
 * The command module cannot be loaded (FIRMWARE_FAULT since boot): every command is
 * refused, but `stop` still stops the pump, so the operator is never left without it.
 */
function withoutModule(text: string): string {
  if (text.toLowerCase() === 'stop' && controller.state !== STATE_FAULT) {
    controller.setState(STATE_IDLE);
    return 'ok stop';
  }
  return 'err - state the command module is missing or from another build: flash the firmware again';
}

const lines = new LineAssembler({
  line: (text: string) => {
    if (text.length === 0) return;
    if (halted) {
      writeLine('err - state halted by an internal error; the watchdog resets the board');
      return;
    }
    try {
      const run = loadModule(COMMAND_MODULE) as CommandModule | null;
      writeLine(run ? run(controller, text, nowMs()) : withoutModule(text));
      applyOutputs(controller.outputs(nowMs()));
    } catch (e) {
      halt('command', e);
    }
  },
  tooLong: () => writeLine('err - toolong line longer than 80 characters'),
});

// Out of memory, or a callback the interpreter removed after it threw: halt.
E.on('errorFlag', (flags: string[]) => {
  if (flags.indexOf('MEMORY') >= 0 || flags.indexOf('CALLBACK') >= 0) halt('errorFlag', flags.join(','));
});
process.on('uncaughtException', (e: unknown) => halt('uncaught', e));
openCommandPort((chunk: string) => lines.push(chunk));
setupExternalAdc();
writeLine(eventLine('boot', '{"firmware":' + quote(FIRMWARE_VERSION) + ',"board":' + quote(BOARD_NAME) + '}'));
readAnalog(analogPins, analogIndexes, ADC_HALF_STEP, raw);
/** The boot module is missing: nothing is self-tested, FIRMWARE_FAULT stops the pump; `stop` still answers. */
function bootWithoutModule(now: number): Outputs {
  controller.alarms.raise(A_FIRMWARE_FAULT, now);
  writeLine(eventLine('selftest', '{"result":"fail","alarm":"FIRMWARE_FAULT"}'));
  return controller.outputs(now);
}
const bootOutputs = bootModule
  ? bootModule.boot(controller, nowMs(), raw, readActiveInputs(), loadModule(COMMAND_MODULE) !== null)
  : bootWithoutModule(nowMs());
bootModule = null;
powerOnBeep(POWER_ON_BEEP_MS);
watchInputs(onInput);
watchEncoder(() => {
  encoderPulses++;
});
applyOutputs(bootOutputs);
startWatchdog();
ticksFromMs = nowMs();
setInterval(controlTick, TICK_MS);
