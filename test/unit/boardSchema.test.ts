// The board format has one description, boards/board.schema.json: every board file meets
// it, a broken one is refused by every reader (the build's module generator, the
// simulation's and the replay's loader) naming the file and the field, and the types the
// host and the firmware see are the ones generated from it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOARD_SCHEMA, BOARDS_DIR, boardPath, listBoardNames, loadBoard } from '../../scripts/board/board';
import { boardProblems, readBoardFile } from '../../scripts/board/board-file.mjs';
// @ts-expect-error plain JS module without types (loaded by rollup before any TypeScript)
import { boardModuleOfFile } from '../../scripts/board/board-module.mjs';
// @ts-expect-error plain JS module without types
import { generatedTypes } from '../../scripts/board/board-types.mjs';

type Json = Record<string, any>;

const pico = (): Json => JSON.parse(fs.readFileSync(boardPath('pico'), 'utf8'));
const schema: Json = JSON.parse(fs.readFileSync(BOARD_SCHEMA, 'utf8'));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'board-schema-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A board file in the temporary folder, as the build would read it. */
function writeBoard(name: string, data: unknown): string {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

describe('the board files', () => {
  it('are the pico and the wifi, and nothing else in boards/ is taken for a board', () => {
    expect(listBoardNames()).toEqual(['pico', 'wifi']);
  });

  it.each(listBoardNames())('%s meets the schema and points editors at it', (name) => {
    const data = JSON.parse(fs.readFileSync(boardPath(name), 'utf8'));
    expect(boardProblems(data, BOARD_SCHEMA)).toEqual([]);
    expect(data.$schema).toBe('./board.schema.json');
    expect(fs.existsSync(path.resolve(BOARDS_DIR, data.$schema))).toBe(true);
    expect(loadBoard(name).name).toBe(name);
  });
});

describe('the schema', () => {
  /** Every property schema, with its path in the schema. */
  function properties(node: Json, where: string, out: [string, Json][] = []): [string, Json][] {
    for (const [key, child] of Object.entries((node.properties ?? {}) as Json)) {
      if (typeof child !== 'object') continue; // a front end's `false`: the field is not its
      out.push([`${where}/${key}`, child]);
      properties(child, `${where}/${key}`, out);
    }
    if (typeof node.additionalProperties === 'object') properties(node.additionalProperties, `${where}/*`, out);
    for (const [key, def] of Object.entries((node.$defs ?? {}) as Json)) properties(def, `#/$defs/${key}`, out);
    return out;
  }

  it('describes every field', () => {
    const undescribed = properties(schema, '#').filter(([, p]) => !p.description).map(([where]) => where);
    expect(undescribed).toEqual([]);
  });

  it('refuses unknown fields in every object it describes', () => {
    const open = properties(schema, '#')
      .filter(([, p]) => p.type === 'object' && p.properties && p.additionalProperties !== false)
      .map(([where]) => where);
    expect(open).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('a broken board file', () => {
  // Each breaks pico.json in one way; the problem must name the field.
  const cases: [string, (d: Json) => void, string][] = [
    ['a wrong type', (d) => { d.channels.p_art.ratioAtZero = '0.10625'; }, '/channels/p_art/ratioAtZero must be number'],
    ['a missing field', (d) => { delete d.wiring.heater.pwmHz; }, '/wiring/heater/pwmHz is required'],
    ['a missing section', (d) => { delete d.wiring; }, '/wiring is required'],
    ['a missing front-end field', (d) => { delete d.channels.p_cuff.ratioPerUnit; }, '/channels/p_cuff/ratioPerUnit is required'],
    ['a missing front end', (d) => { delete d.channels.t_art.frontEnd; }, '/channels/t_art/frontEnd is required'],
    ['an unknown front end', (d) => { d.channels.p_art.frontEnd = 'bridge'; }, '/channels/p_art/frontEnd must be one of "thermistor", "transducer", "ads1115", not "bridge"'],
    ['an unknown probe', (d) => { d.channels.t_art.probe = 'pt100'; }, '/channels/t_art/probe must be one of "ysi400", "ntc10k", not "pt100"'],
    ['an extra field', (d) => { d.wiring.stepper.stepsPerMl = 3; }, '/wiring/stepper/stepsPerMl is not a known field'],
    ['an extra top-level field', (d) => { d.calibration = {}; }, '/calibration is not a known field'],
    ['another front end\'s field', (d) => { d.channels.t_art.ratioAtZero = 0.1; }, '/channels/t_art/ratioAtZero is not a field of front end "thermistor"'],
    ['an unknown channel', (d) => { d.channels.p_foo = d.channels.p_art; }, '/channels/p_foo is not an allowed name (known: p_art,'],
    ['a malformed pin', (d) => { d.wiring.heater.pin = 'Z9'; }, '/wiring/heater/pin must match'],
    ['a fraction of an integer', (d) => { d.wiring.stepper.microsteps = 12; }, '/wiring/stepper/microsteps must be one of 1, 2, 4'],
    ['a gain the converter lacks', (d) => { d.channels.p_sys.fsrVolts = 3.3; }, '/channels/p_sys/fsrVolts must be one of 6.144,'],
    ['an address the converter cannot take', (d) => { d.channels.p_sys.address = 80; }, '/channels/p_sys/address must be <= 75'],
    ['a serial device that does not exist', (d) => { d.wiring.commandPort.serial = 'Serial9'; }, '/wiring/commandPort/serial must match'],
    ['a pin that is not an ADC pin', (d) => { d.channels.p_art.pin = 'A8'; }, '/channels/p_art/pin A8 is not an ADC pin of this board (/board/adcPins)'],
    ['a wired pin the board does not have', (d) => { d.wiring.buzzer.pin = 'C13'; }, '/wiring/buzzer/pin C13 is not a pin of this board (/board/pins)'],
    ['an external channel on another bus', (d) => { d.channels.p_sys.bus = 'I2C2'; }, '/channels/p_sys/bus I2C2 is not the wired I2C bus I2C1'],
    ['external channels without the bus', (d) => { delete d.wiring.i2c; }, '/channels/p_limb/bus I2C1: a channel on an ads1115 needs /wiring/i2c'],
    ['the console on the command port', (d) => { d.wiring.commandPort.console = 'Serial1'; }, '/wiring/commandPort/console must not be the command port\'s serial device'],
  ];

  it.each(cases)('is refused for %s, naming the field', (_what, breakIt, message) => {
    const data = pico();
    breakIt(data);
    const problems = boardProblems(data, BOARD_SCHEMA);
    expect(problems.some((p) => p.startsWith(message))).toBe(true);
  });

  it('is refused by the loader with the file\'s name before each problem', () => {
    const data = pico();
    data.channels.p_art.ratioAtZero = 'x';
    delete data.wiring.heater.pwmHz;
    const file = writeBoard('two-faults', data);
    expect(() => readBoardFile(file, BOARD_SCHEMA)).toThrow(`${file}: /channels/p_art/ratioAtZero must be number`);
    expect(() => readBoardFile(file, BOARD_SCHEMA)).toThrow(`${file}: /wiring/heater/pwmHz is required`);
  });

  it('inside the project is named from its root, as boards/<name>.json', () => {
    expect(() => readBoardFile(path.join(BOARDS_DIR, 'no-such-board.json'))).toThrow(`${path.join('boards', 'no-such-board.json')}: ENOENT`);
  });

  it('that is not JSON is refused naming the file', () => {
    const file = path.join(tmp, 'not-json.json');
    fs.writeFileSync(file, '{ "info": ');
    expect(() => readBoardFile(file, BOARD_SCHEMA)).toThrow(`${file}: `);
  });

  it('fails the build step: the module generator rollup runs refuses it', () => {
    const data = pico();
    data.channels.p_art.ratioAtZero = '0.10625';
    const file = writeBoard('broken', data);
    expect(() => boardModuleOfFile(file)).toThrow(`${file}: /channels/p_art/ratioAtZero must be number`);
  });

  it('that is good builds the same module as the board it copies', () => {
    const file = writeBoard('pico', pico());
    expect(boardModuleOfFile(file)).toBe(boardModuleOfFile(boardPath('pico')));
  });
});

describe('the types', () => {
  it('committed (firmware/board-config.d.ts, scripts/board/boardFileTypes.ts) are those generated from the schema', () => {
    const files: Record<string, string> = generatedTypes();
    expect(Object.keys(files).map((f) => path.relative(process.cwd(), f)).sort()).toEqual([path.join('firmware', 'board-config.d.ts'), path.join('scripts', 'board', 'boardFileTypes.ts')]);
    for (const [file, text] of Object.entries(files)) {
      // Stale: node scripts/board/board-types.mjs rewrites them.
      expect([file, fs.readFileSync(file, 'utf8') === text]).toEqual([file, true]);
    }
  });
});

describe('fail-safe safety inputs', () => {
  it.each(['estop', 'bubble', 'lid', 'drv_fault'])('refuses a board where a broken %s wire would read "no hazard"', (key) => {
    const data = pico();
    data.wiring.inputs[key].pull = 'up';
    expect(boardProblems(data, BOARD_SCHEMA)).toEqual([
      `/wiring/inputs/${key}/pull up: a broken wire would read "no hazard"; with activeHigh false the pull must be down`,
    ]);
  });

  it('refuses an input without its pull, naming the field', () => {
    const data = pico();
    delete data.wiring.inputs.lid.pull;
    expect(boardProblems(data, BOARD_SCHEMA).join('\n')).toContain('/wiring/inputs/lid');
  });
});
