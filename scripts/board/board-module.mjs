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
  // A function, like analogChannels(): the records are built when asked, so they take no
  // variables on the board once the watches are set.
  out(`export function inputWiring() { return [${inputs.join(', ')}]; }`);
  out(`export const ENCODER_PIN = ${pin(w.inputs.encoder.pin, 'wiring.inputs.encoder.pin')};`);
  out(`export const ENCODER_PULSES_PER_REV = ${num(w.inputs.encoder.pulsesPerRev, 'wiring.inputs.encoder.pulsesPerRev')};`);
  const adcPins = board.board.adcPins;
  const channels = Object.keys(board.channels).map((key) => {
    const c = board.channels[key];
    if (c.frontEnd === 'ads1115') return null; // on the external converter (below)
    if (!adcPins.includes(c.pin)) throw new Error(`channels.${key}: ${c.pin} is not an ADC pin of this board`);
    // A thermistor's record has a probe, a transducer's a scale: that tells them apart.
    const fields = [`name: ${JSON.stringify(key)}`, `pin: ${pin(c.pin, `channels.${key}.pin`)}`];
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
  // Functions, not constants: the objects are needed once at boot, and a module-level
  // constant would hold them in the interpreter's memory for good.
  out(`export function analogChannels() { return [${channels.filter(Boolean).join(', ')}]; }`);
  const external = Object.keys(board.channels).filter((key) => board.channels[key].frontEnd === 'ads1115');
  const i2c = w.i2c;
  if (external.length > 0 && !i2c) throw new Error('channels on an ads1115 need wiring.i2c');
  if (i2c) {
    if (!/^I2C[1-3]$/.test(i2c.bus)) throw new Error(`wiring.i2c.bus: not an I2C device: ${i2c.bus}`);
    out(`export const I2C_BUS = ${i2c.bus};`);
    out(`export const I2C_SCL = ${pin(i2c.scl, 'wiring.i2c.scl')};`);
    out(`export const I2C_SDA = ${pin(i2c.sda, 'wiring.i2c.sda')};`);
    out(`export const I2C_BITRATE = ${num(i2c.bitrate, 'wiring.i2c.bitrate')};`);
  } else {
    out('export const I2C_BUS = null;');
    out('export const I2C_SCL = null;');
    out('export const I2C_SDA = null;');
    out('export const I2C_BITRATE = 0;');
  }
  const ads = external.map((key) => {
    const c = board.channels[key];
    if (c.bus !== i2c.bus) throw new Error(`channels.${key}: bus ${c.bus} is not the wired I2C bus ${i2c.bus}`);
    const a = adsChannel(c, `channels.${key}`);
    return `{ name: ${JSON.stringify(key)}, address: ${a.address}, config: ${a.config}, codeScale: ${a.codeScale}, codeOffset: ${a.codeOffset}, ratioAtZero: ${a.ratioAtZero}, ratioPerUnit: ${a.ratioPerUnit} }`;
  });
  out(`export function externalChannels() { return [${ads.join(', ')}]; }`);
  out(`export const EXTERNAL_CHANNEL_COUNT = ${ads.length};`);
  return lines.join('\n') + '\n';
}

// ADS1115 (TI SBAS444): input multiplexer codes (config bits 14:12) and full-scale ranges
// of the programmable gain amplifier (bits 11:9).
export const ADS_MUX = {
  'AIN0-AIN1': 0, 'AIN0-AIN3': 1, 'AIN1-AIN3': 2, 'AIN2-AIN3': 3, AIN0: 4, AIN1: 5, AIN2: 6, AIN3: 7,
};
export const ADS_FSR_VOLTS = { 6.144: 0, 4.096: 1, 2.048: 2, 1.024: 3, 0.512: 4, 0.256: 5 };
/** Config bits: start a single conversion (15), single-shot mode (8), 860 samples/s (7:5), comparator off (1:0). */
const ADS_START = 0x8000;
const ADS_SINGLE_SHOT = 0x0100;
const ADS_860_SPS = 0x7 << 5;
const ADS_COMPARATOR_OFF = 0x3;

/**
 * One ADS1115 channel as the firmware reads it. The code (signed 16 bits) becomes a ratio
 * 0..1 like the on-chip ADC's: a differential input spans -FSR..+FSR, so 0 V sits at
 * 0.5; a single-ended input spans 0..FSR. Half a code is added (the bin's centre). The
 * front end (volts at zero, volts per unit) becomes the linear ratio model of the core.
 */
export function adsChannel(c, where) {
  if (!Number.isInteger(c.address) || c.address < 0x48 || c.address > 0x4b) throw new Error(`${where}.address: an ADS1115 answers at 72..75 (0x48..0x4B), not ${c.address}`);
  if (!(c.mux in ADS_MUX)) throw new Error(`${where}.mux: unknown input ${JSON.stringify(c.mux)} (known: ${Object.keys(ADS_MUX).join(', ')})`);
  const pga = ADS_FSR_VOLTS[String(c.fsrVolts)];
  if (pga === undefined) throw new Error(`${where}.fsrVolts: not a full-scale range of the ADS1115: ${c.fsrVolts}`);
  num(c.voltsAtZero, `${where}.voltsAtZero`);
  num(c.voltsPerUnit, `${where}.voltsPerUnit`);
  const differential = ADS_MUX[c.mux] < 4;
  const config = ADS_START | (ADS_MUX[c.mux] << 12) | (pga << 9) | ADS_SINGLE_SHOT | ADS_860_SPS | ADS_COMPARATOR_OFF;
  const span = differential ? 2 * c.fsrVolts : c.fsrVolts;
  const codeScale = differential ? 1 / 65536 : 1 / 32768;
  const zero = differential ? 0.5 : 0;
  return {
    address: c.address, config, codeScale, codeOffset: zero + codeScale / 2, differential,
    ratioAtZero: zero + c.voltsAtZero / span, ratioPerUnit: c.voltsPerUnit / span,
  };
}
