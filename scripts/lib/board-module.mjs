// Generates the `board-config` module of one firmware bundle from boards/<name>.json:
// pins become the interpreter's own pin globals (A8, B13, ...), so the bundle never
// parses pin names at run time. Used by rollup.config.js; plain JS because rollup loads
// it before any TypeScript is compiled.
import fs from 'node:fs';
import path from 'node:path';

const PIN_NAME = /^[A-H][0-9]{1,2}$/;
const SERIAL_NAME = /^(Serial[1-6]|USB|LoopbackA|LoopbackB)$/;

/** Board files that describe wiring (the CLI-only JSON files have no `wiring`). */
export function listBoards(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).wiring)
    .map((f) => path.basename(f, '.json'))
    .sort();
}

function pin(name, where) {
  if (typeof name !== 'string' || !PIN_NAME.test(name)) throw new Error(`${where}: not a pin name: ${JSON.stringify(name)}`);
  return name;
}

function num(value, where) {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where}: expected a number, got ${JSON.stringify(value)}`);
  return String(value);
}

function bool(value, where) {
  if (typeof value !== 'boolean') throw new Error(`${where}: expected true or false, got ${JSON.stringify(value)}`);
  return String(value);
}

const INPUT_ORDER = ['estop', 'bubble', 'lid', 'drv_fault'];
/** Thermistor types the firmware has coefficients for (firmware/core/conversions.ts). */
const PROBES = ['ysi400', 'ntc10k'];

export function boardModuleSource(board, name) {
  const w = board.wiring;
  if (!w) throw new Error(`board ${name}: no "wiring" section`);
  const s = w.stepper;
  const lines = [];
  const out = (text) => lines.push(text);
  out(`export const BOARD_NAME = ${JSON.stringify(name)};`);
  out(`export const ADC_BITS = ${num(board.board.adcBits, 'board.adcBits')};`);
  out(`export const STEP_PIN = ${pin(s.step, 'wiring.stepper.step')};`);
  out(`export const DIR_PIN = ${pin(s.dir, 'wiring.stepper.dir')};`);
  out(`export const ENABLE_PIN = ${pin(s.enable, 'wiring.stepper.enable')};`);
  out(`export const ENABLE_ACTIVE_LOW = ${bool(s.enableActiveLow, 'wiring.stepper.enableActiveLow')};`);
  out(`export const DIR_FORWARD_HIGH = ${bool(s.dirForwardHigh, 'wiring.stepper.dirForwardHigh')};`);
  out(`export const MOTOR_STEPS_PER_REV = ${num(s.motorStepsPerRev, 'wiring.stepper.motorStepsPerRev')};`);
  out(`export const MICROSTEPS = ${num(s.microsteps, 'wiring.stepper.microsteps')};`);
  out(`export const GEAR_RATIO = ${num(s.gearRatio, 'wiring.stepper.gearRatio')};`);
  out(`export const ACCEL_ML_MIN_PER_S = ${num(s.accelMlMinPerS, 'wiring.stepper.accelMlMinPerS')};`);
  out(`export const HEATER_PIN = ${pin(w.heater.pin, 'wiring.heater.pin')};`);
  out(`export const HEATER_PWM_HZ = ${num(w.heater.pwmHz, 'wiring.heater.pwmHz')};`);
  out(`export const HEATER_ACTIVE_HIGH = ${bool(w.heater.activeHigh, 'wiring.heater.activeHigh')};`);
  out(`export const BUZZER_PIN = ${pin(w.buzzer.pin, 'wiring.buzzer.pin')};`);
  out(`export const BUZZER_TONE_HZ = ${num(w.buzzer.toneHz, 'wiring.buzzer.toneHz')};`);
  const port = w.commandPort;
  if (!SERIAL_NAME.test(port.serial)) throw new Error(`wiring.commandPort.serial: not a serial device: ${port.serial}`);
  out(`export const COMMAND_SERIAL = ${port.serial};`);
  if (!SERIAL_NAME.test(port.console)) throw new Error(`wiring.commandPort.console: not a serial device: ${port.console}`);
  if (port.console === port.serial) throw new Error('wiring.commandPort: the console must not share the command port');
  out(`export const CONSOLE_SERIAL = ${port.console};`);
  out(`export const COMMAND_TX = ${pin(port.tx, 'wiring.commandPort.tx')};`);
  out(`export const COMMAND_RX = ${pin(port.rx, 'wiring.commandPort.rx')};`);
  out(`export const COMMAND_BAUD = ${num(port.baud, 'wiring.commandPort.baud')};`);
  const inputs = INPUT_ORDER.map((key) => {
    const input = w.inputs[key];
    if (!input) throw new Error(`wiring.inputs.${key} is missing`);
    return `{ pin: ${pin(input.pin, `wiring.inputs.${key}.pin`)}, activeHigh: ${bool(input.activeHigh, `wiring.inputs.${key}.activeHigh`)}, debounceMs: ${num(input.debounceMs, `wiring.inputs.${key}.debounceMs`)} }`;
  });
  out(`export const INPUTS = [${inputs.join(', ')}];`);
  out(`export const ENCODER_PIN = ${pin(w.inputs.encoder.pin, 'wiring.inputs.encoder.pin')};`);
  out(`export const ENCODER_PULSES_PER_REV = ${num(w.inputs.encoder.pulsesPerRev, 'wiring.inputs.encoder.pulsesPerRev')};`);
  const adcPins = board.board.adcPins;
  const channels = Object.keys(board.channels).map((key) => {
    const c = board.channels[key];
    if (!c.pin) return null; // on an external converter: not read through analogRead
    if (!adcPins.includes(c.pin)) throw new Error(`channels.${key}: ${c.pin} is not an ADC pin of this board`);
    const fields = [`name: ${JSON.stringify(key)}`, `pin: ${pin(c.pin, `channels.${key}.pin`)}`, `frontEnd: ${JSON.stringify(c.frontEnd)}`];
    if (c.frontEnd === 'thermistor') {
      if (!PROBES.includes(c.probe)) throw new Error(`channels.${key}: unknown probe ${JSON.stringify(c.probe)} (known: ${PROBES.join(', ')})`);
      fields.push(`probe: ${JSON.stringify(c.probe)}`, `seriesOhm: ${num(c.seriesOhm, `channels.${key}.seriesOhm`)}`);
    } else if (c.frontEnd === 'transducer') {
      fields.push(`ratioAtZero: ${num(c.ratioAtZero, `channels.${key}.ratioAtZero`)}`, `ratioPerUnit: ${num(c.ratioPerUnit, `channels.${key}.ratioPerUnit`)}`);
    } else {
      throw new Error(`channels.${key}: unknown front end ${JSON.stringify(c.frontEnd)}`);
    }
    return `{ ${fields.join(', ')} }`;
  });
  out(`export const ANALOG_CHANNELS = [${channels.filter(Boolean).join(', ')}];`);
  return lines.join('\n') + '\n';
}
