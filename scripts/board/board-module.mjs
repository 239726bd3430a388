// Generates the `board-config` module of one firmware bundle from boards/<name>.json:
// pins become the interpreter's own pin globals (A8, B13, ...), so the bundle never
// parses pin names at run time. Used by rollup.config.js; plain JS because rollup loads
// it before any TypeScript is compiled. The file is read and checked by board-file.mjs
// (boards/board.schema.json); the module's exports are listed once, in BOARD_EXPORTS, from
// which both the module and its declaration (firmware/board-config.d.ts, written by
// board-types.mjs) are made.
import path from 'node:path';
import { readBoardFile } from './board-file.mjs';

export { listBoards } from './board-file.mjs';

/** The board-config module of one board file: read, checked against the schema, generated. */
export function boardModuleOfFile(file) {
  return boardModuleSource(readBoardFile(file), path.basename(file, '.json'));
}

/**
 * A value as module source. A pin or device name is written bare, so the module refers to
 * the interpreter's global of that name; numbers and booleans are literals.
 */
const asSource = (value) => String(value);

/** The safety inputs in IN_* order (firmware/core/channels.ts). */
const INPUT_ORDER = ['estop', 'bubble', 'lid', 'drv_fault'];

/** The value at a JSON pointer of the board file. */
function field(board, pointer) {
  return pointer.split('/').slice(1).reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), board);
}

function inputRecords(board) {
  const inputs = INPUT_ORDER.map((key) => {
    const input = board.wiring.inputs[key];
    return `{ pin: ${asSource(input.pin)}, activeHigh: ${asSource(input.activeHigh)}, pullUp: ${asSource(input.pull === 'up')}, debounceMs: ${asSource(input.debounceMs)} }`;
  });
  return `[${inputs.join(', ')}]`;
}

function analogRecords(board) {
  const channels = Object.keys(board.channels).map((key) => {
    const c = board.channels[key];
    if (c.frontEnd === 'ads1115') return null; // on the external converter (below)
    // A thermistor's record has a probe, a transducer's a scale: that tells them apart.
    const fields = [`name: ${JSON.stringify(key)}`, `pin: ${asSource(c.pin)}`];
    if (c.frontEnd === 'thermistor') fields.push(`probe: ${JSON.stringify(c.probe)}`, `seriesOhm: ${asSource(c.seriesOhm)}`);
    else fields.push(`ratioAtZero: ${asSource(c.ratioAtZero)}`, `ratioPerUnit: ${asSource(c.ratioPerUnit)}`);
    return `{ ${fields.join(', ')} }`;
  });
  return `[${channels.filter(Boolean).join(', ')}]`;
}

function externalKeys(board) {
  return Object.keys(board.channels).filter((key) => board.channels[key].frontEnd === 'ads1115');
}

function externalRecords(board) {
  const i2c = board.wiring.i2c;
  const ads = externalKeys(board).map((key) => {
    const c = board.channels[key];
    if (!i2c || c.bus !== i2c.bus) throw new Error(`channels.${key}: bus ${c.bus} is not the wired I2C bus ${i2c ? i2c.bus : '(none)'}`);
    const a = adsChannel(c, `channels.${key}`);
    return `{ name: ${JSON.stringify(key)}, address: ${a.address}, config: ${a.config}, codeScale: ${a.codeScale}, codeOffset: ${a.codeOffset}, ratioAtZero: ${a.ratioAtZero}, ratioPerUnit: ${a.ratioPerUnit} }`;
  });
  return `[${ads.join(', ')}]`;
}

/** An I2C export: the wired bus's field, or `none` on a board without the external converter. */
const i2cField = (pointer, none) => (board) => (board.wiring.i2c ? asSource(field(board, pointer)) : none);

/**
 * The records the module's functions return, as the firmware sees them. Each member is a
 * field of the board file (`from`, typed and described by the schema), or computed
 * (`type` and `doc` given here).
 */
export const BOARD_RECORDS = {
  InputWiring: { doc: 'A safety input, as inputWiring() gives it.', members: [
    { name: 'pin', from: '/$defs/input/properties/pin' },
    { name: 'activeHigh', from: '/$defs/input/properties/activeHigh' },
    { name: 'pullUp', type: 'boolean', doc: 'The input is pulled up (a broken wire reads high); else pulled down.' },
    { name: 'debounceMs', from: '/$defs/input/properties/debounceMs' },
  ] },
  AnalogChannelWiring: { doc: 'A channel on the on-chip ADC (a thermistor or a transducer).', members: [
    { name: 'name', type: 'string', doc: 'The channel (a key of the board file\'s channels).' },
    { name: 'pin', from: '/$defs/channel/properties/pin' },
    { name: 'probe', from: '/$defs/channel/properties/probe', optional: true, doc: 'A thermistor\'s probe type (see probeCoefficients); absent for a transducer.' },
    { name: 'seriesOhm', from: '/$defs/channel/properties/seriesOhm', optional: true },
    { name: 'ratioAtZero', from: '/$defs/channel/properties/ratioAtZero', optional: true },
    { name: 'ratioPerUnit', from: '/$defs/channel/properties/ratioPerUnit', optional: true },
  ] },
  ExternalChannelWiring: { doc: 'A channel read through the ADS1115 over I2C (see firmware/hal/externalAdc.ts).', members: [
    { name: 'name', type: 'string', doc: 'The channel (a key of the board file\'s channels).' },
    { name: 'address', from: '/$defs/channel/properties/address' },
    { name: 'config', type: 'number', doc: 'Config register word that starts one conversion of this input.' },
    { name: 'codeScale', type: 'number', doc: 'ratio = code * codeScale + codeOffset (code signed 16 bits).' },
    { name: 'codeOffset', type: 'number' },
    { name: 'ratioAtZero', type: 'number', doc: 'The front end as a ratio 0..1 of the code span, at zero.' },
    { name: 'ratioPerUnit', type: 'number', doc: 'The front end as a ratio of the code span per unit of the channel.' },
  ] },
};

/**
 * The exports of the board-config module, in the order they are written. `from` names the
 * field of the board file (a JSON pointer): the schema gives its type (a pin or device name
 * becomes the interpreter's Pin, Serial or I2C; a field a board may leave out, `| null`)
 * and its description. `value` computes an export, and `type` and `doc` override the
 * schema's.
 * Functions (`returns`) build their records when called, so they take no variables on the
 * board once boot has used them.
 */
export const BOARD_EXPORTS = [
  { name: 'BOARD_NAME', type: 'string', doc: 'The board file\'s name (boards/<name>.json).', value: (board, name) => JSON.stringify(name) },
  { name: 'ADC_BITS', from: '/board/adcBits' },
  { name: 'STEP_PIN', from: '/wiring/stepper/step' },
  { name: 'DIR_PIN', from: '/wiring/stepper/dir', doc: 'DIR input of the driver, or null where DIR is strapped forward in hardware.', value: (board) => (board.wiring.stepper.dir ? asSource(board.wiring.stepper.dir) : 'null') },
  { name: 'ENABLE_PIN', from: '/wiring/stepper/enable' },
  { name: 'ENABLE_ACTIVE_LOW', from: '/wiring/stepper/enableActiveLow' },
  { name: 'DIR_FORWARD_HIGH', from: '/wiring/stepper/dirForwardHigh' },
  { name: 'MOTOR_STEPS_PER_REV', from: '/wiring/stepper/motorStepsPerRev' },
  { name: 'MICROSTEPS', from: '/wiring/stepper/microsteps' },
  { name: 'GEAR_RATIO', from: '/wiring/stepper/gearRatio' },
  { name: 'ACCEL_ML_MIN_PER_S', from: '/wiring/stepper/accelMlMinPerS' },
  { name: 'AIR_TEST_PIN', from: '/wiring/airTest/pin' },
  { name: 'AIR_TEST_ACTIVE_HIGH', from: '/wiring/airTest/activeHigh' },
  { name: 'HEATER_PIN', from: '/wiring/heater/pin' },
  { name: 'HEATER_PWM_HZ', from: '/wiring/heater/pwmHz' },
  { name: 'HEATER_ACTIVE_HIGH', from: '/wiring/heater/activeHigh' },
  { name: 'BUZZER_PIN', from: '/wiring/buzzer/pin' },
  { name: 'BUZZER_TONE_HZ', from: '/wiring/buzzer/toneHz' },
  { name: 'COMMAND_SERIAL', from: '/wiring/commandPort/serial' },
  { name: 'CONSOLE_SERIAL', from: '/wiring/commandPort/console' },
  { name: 'COMMAND_TX', from: '/wiring/commandPort/tx' },
  { name: 'COMMAND_RX', from: '/wiring/commandPort/rx' },
  { name: 'COMMAND_BAUD', from: '/wiring/commandPort/baud' },
  { name: 'inputWiring', returns: 'InputWiring[]', doc: 'The safety inputs in IN_* order (estop, bubble, lid, drv_fault), built when called.', value: inputRecords },
  { name: 'ENCODER_PIN', from: '/wiring/inputs/encoder/pin' },
  { name: 'ENCODER_PULSES_PER_REV', from: '/wiring/inputs/encoder/pulsesPerRev' },
  { name: 'analogChannels', returns: 'AnalogChannelWiring[]', doc: 'The channels on the on-chip ADC (a fresh array each call: used once at boot).', value: analogRecords },
  { name: 'I2C_BUS', from: '/wiring/i2c/bus', doc: 'The I2C bus of the external ADC, or null where the board has none.', value: i2cField('/wiring/i2c/bus', 'null') },
  { name: 'I2C_SCL', from: '/wiring/i2c/scl', value: i2cField('/wiring/i2c/scl', 'null') },
  { name: 'I2C_SDA', from: '/wiring/i2c/sda', value: i2cField('/wiring/i2c/sda', 'null') },
  { name: 'I2C_BITRATE', from: '/wiring/i2c/bitrate', type: 'number', doc: 'The I2C bus clock, bit/s; 0 where the board has no external ADC.', value: i2cField('/wiring/i2c/bitrate', '0') },
  { name: 'externalChannels', returns: 'ExternalChannelWiring[]', doc: 'The channels on the ADS1115 (a fresh array each call: used once at boot).', value: externalRecords },
  { name: 'EXTERNAL_CHANNEL_COUNT', type: 'number', doc: 'externalChannels().length, known without building the records.', value: (board) => String(externalKeys(board).length) },
];

/**
 * The module source of a board file that readBoardFile has checked: every field it uses
 * is there and of its schema's type.
 */
export function boardModuleSource(board, name) {
  const lines = BOARD_EXPORTS.map((e) => {
    const value = e.value ? e.value(board, name) : asSource(field(board, e.from));
    return e.returns ? `export function ${e.name}() { return ${value}; }` : `export const ${e.name} = ${value};`;
  });
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
 * The schema holds board files to the chip's addresses, inputs and ranges; these checks
 * keep a caller with a hand-made record (the bench, tests) to them too.
 */
export function adsChannel(c, where) {
  if (!Number.isInteger(c.address) || c.address < 0x48 || c.address > 0x4b) throw new Error(`${where}.address: an ADS1115 answers at 72..75 (0x48..0x4B), not ${c.address}`);
  if (!(c.mux in ADS_MUX)) throw new Error(`${where}.mux: unknown input ${JSON.stringify(c.mux)} (known: ${Object.keys(ADS_MUX).join(', ')})`);
  const pga = ADS_FSR_VOLTS[String(c.fsrVolts)];
  if (pga === undefined) throw new Error(`${where}.fsrVolts: not a full-scale range of the ADS1115: ${c.fsrVolts}`);
  for (const key of ['voltsAtZero', 'voltsPerUnit']) {
    if (typeof c[key] !== 'number' || !Number.isFinite(c[key])) throw new Error(`${where}.${key}: expected a number, got ${JSON.stringify(c[key])}`);
  }
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
