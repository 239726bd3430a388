// Reads and checks one board file (boards/<name>.json) against boards/board.schema.json,
// the one description of the format. Everything that reads a board goes through here:
// the build (board-module.mjs, through rollup.config.js), the simulation and the replay
// (board.ts). Plain JS because rollup loads it before any TypeScript is compiled; host
// only, never part of a bundle.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;

/**
 * The schema, from the project root as the working directory (as rollup.config.js reads
 * boards/); board.ts passes its own path, so the host tools run from anywhere.
 */
export const SCHEMA_FILE = path.resolve('boards', 'board.schema.json');

/** Compiled schemas by file, each built once per process. */
const validators = new Map();

function validate(data, schemaFile) {
  let validator = validators.get(schemaFile);
  if (!validator) {
    // strictRequired off: each front end's `then` requires fields the channel defines once, above it.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    validator = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    validators.set(schemaFile, validator);
  }
  return validator(data) ? [] : validator.errors;
}

/** The value at a JSON pointer, or undefined. */
function at(data, pointer) {
  let value = data;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** One schema error as "<field path> <what is wrong>", the path naming the field itself. */
function describe(error, data) {
  const where = error.instancePath;
  const p = error.params;
  if (error.propertyName !== undefined) {
    return `${where}/${error.propertyName} is not an allowed name (${p.allowedValues ? `known: ${p.allowedValues.join(', ')}` : error.message})`;
  }
  switch (error.keyword) {
    case 'required': return `${where}/${p.missingProperty} is required`;
    case 'additionalProperties': return `${where}/${p.additionalProperty} is not a known field`;
    case 'false schema': return `${where} is not a field of front end ${JSON.stringify(at(data, where.substring(0, where.lastIndexOf('/')))?.frontEnd)}`;
    case 'enum': return `${where} must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(at(data, where))}`;
    case 'pattern': return `${where} must match ${p.pattern}, not ${JSON.stringify(at(data, where))}`;
    default: return `${where || '/'} ${error.message}`;
  }
}

/** Rules that span fields, which the schema cannot say. Each as "<field path> <what is wrong>". */
function crossChecks(board) {
  const problems = [];
  const pins = board.board.pins;
  const w = board.wiring;
  const wired = [
    ['/wiring/stepper/step', w.stepper.step], ...(w.stepper.dir ? [['/wiring/stepper/dir', w.stepper.dir]] : []), ['/wiring/stepper/enable', w.stepper.enable],
    ['/wiring/airTest/pin', w.airTest.pin],
    ['/wiring/heater/pin', w.heater.pin], ['/wiring/buzzer/pin', w.buzzer.pin],
    ['/wiring/commandPort/tx', w.commandPort.tx], ['/wiring/commandPort/rx', w.commandPort.rx],
    ...(w.i2c ? [['/wiring/i2c/scl', w.i2c.scl], ['/wiring/i2c/sda', w.i2c.sda]] : []),
    ...Object.keys(w.inputs).map((key) => [`/wiring/inputs/${key}/pin`, w.inputs[key].pin]),
  ];
  for (const [where, pin] of wired) {
    if (!pins.includes(pin)) problems.push(`${where} ${pin} is not a pin of this board (/board/pins)`);
  }
  // Fail safe: a broken wire to a safety input must read as its hazard.
  for (const key of ['estop', 'bubble', 'lid', 'drv_fault']) {
    const input = w.inputs[key];
    if ((input.pull === 'up') !== input.activeHigh) {
      problems.push(`/wiring/inputs/${key}/pull ${input.pull}: a broken wire would read "no hazard"; with activeHigh ${input.activeHigh} the pull must be ${input.activeHigh ? 'up' : 'down'}`);
    }
  }
  if (w.commandPort.console === w.commandPort.serial) problems.push('/wiring/commandPort/console must not be the command port\'s serial device');
  for (const key of Object.keys(board.channels)) {
    const c = board.channels[key];
    if (c.frontEnd === 'ads1115') {
      if (!w.i2c) problems.push(`/channels/${key}/bus ${c.bus}: a channel on an ads1115 needs /wiring/i2c`);
      else if (c.bus !== w.i2c.bus) problems.push(`/channels/${key}/bus ${c.bus} is not the wired I2C bus ${w.i2c.bus} (/wiring/i2c/bus)`);
    } else if (!board.board.adcPins.includes(c.pin)) {
      problems.push(`/channels/${key}/pin ${c.pin} is not an ADC pin of this board (/board/adcPins)`);
    }
  }
  return problems;
}

/** A file's name as the messages give it: relative to the working directory where it is inside it. */
function shown(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Every problem of a parsed board file, each as "<field path> <what is wrong>" (the path a
 * JSON pointer into the file); empty when the board is good.
 */
export function boardProblems(data, schemaFile = SCHEMA_FILE) {
  const errors = validate(data, schemaFile);
  const problems = errors
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames')
    .map((e) => describe(e, data));
  const unique = [...new Set(problems)];
  return unique.length > 0 ? unique : crossChecks(data);
}

/** Reads a board file and checks it; throws naming the file and each field at fault. */
export function readBoardFile(file, schemaFile = SCHEMA_FILE) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${shown(file)}: ${e && e.message ? e.message : String(e)}`);
  }
  const problems = boardProblems(data, schemaFile);
  if (problems.length > 0) throw new Error(problems.map((p) => `${shown(file)}: ${p}`).join('\n'));
  return data;
}

/** The boards in a folder: each <name>.json beside the schema. */
export function listBoards(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => path.basename(f, '.json'))
    .sort();
}
