import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The firmware ESLint rules (eslint.config.mjs) against one sample per banned construct.
 *
 * ESLint loads its flat config with a dynamic import(), which jest's module sandbox refuses
 * without --experimental-vm-modules; so the ESLint Node API runs in one child Node process
 * for all samples, and the assertions run here on what it reports.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CORE = 'firmware/core/sample.ts';
const HAL = 'firmware/hal/sample.ts';

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

interface Sample {
  code: string;
  filePath: string;
}

const RUNNER = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { code, filePath } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })));
}
process.stdout.write(JSON.stringify(results));
`;

function lintAll(samples: readonly Sample[]): LintMessage[][] {
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', RUNNER], {
    cwd: ROOT,
    input: JSON.stringify(samples),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as LintMessage[][];
}

// [name, code (each sample exports what it declares so it is otherwise clean), rule, text in the message]
const BANNED: Array<[string, string, string, string]> = [
  ['default parameter', 'export function f(a = 1): number { return a; }', 'no-restricted-syntax', 'default values'],
  ['rest parameter', 'export function f(...xs: number[]): number { return xs.length; }', 'no-restricted-syntax', 'rest elements'],
  ['spread', 'export const xs = [1]; export const ys = [...xs];', 'no-restricted-syntax', 'spread'],
  ['object destructuring', 'const p = { x: 1 }; export const { x } = p;', 'no-restricted-syntax', 'destructuring'],
  ['array destructuring', 'export function f(pair: number[]): number { const [a] = pair; return a; }', 'no-restricted-syntax', 'destructuring'],
  ['computed key', 'const k = "a"; export const o = { [k]: 1 };', 'no-restricted-syntax', 'computed keys'],
  ['optional chaining', 'export function f(o?: { v: number }): number | undefined { return o?.v; }', 'no-restricted-syntax', 'optional chaining'],
  ['exponent operator', 'export const v = 2 ** 3;', 'no-restricted-syntax', 'Math.pow'],
  ['generator', 'export function* ids(): Generator<number> { yield 1; }', 'no-restricted-syntax', 'generators'],
  ['async function', 'export async function load(): Promise<number> { return 1; }', 'no-restricted-syntax', 'async'],
  ['tagged template', 'declare function tag(s: TemplateStringsArray): string; export const s = tag`x`;', 'no-restricted-syntax', 'tagged templates'],
  ['labelled statement', 'export function f(): void { outer: for (;;) { break outer; } }', 'no-restricted-syntax', 'labels'],
  ['private field', 'export class C { #n = 1; get n(): number { return this.#n; } }', 'no-restricted-syntax', '#private'],
  ['regex literal', 'export const ok = /a+/.test("aa");', 'no-restricted-syntax', 'regular expressions'],
  ['new RegExp', 'export const re = new RegExp("a");', 'no-restricted-syntax', 'regular expressions'],
  ['class extends Error', 'export class Fault extends Error {}', 'no-restricted-syntax', 'extending Error'],
  ['extends an expression', 'const ns = { Base: class {} }; export class B extends ns.Base {}', 'no-restricted-syntax', "'extends' must name a class"],
  ['logical assignment', 'export function f(o: { v?: number }): void { o.v ??= 1; }', 'no-restricted-syntax', 'logical assignment'],
  ['object-literal getter', 'export const o = { get v(): number { return 1; } };', 'no-restricted-syntax', 'Object.defineProperty'],
  ['enum', 'export enum Mode { Off, On }', 'no-restricted-syntax', 'enums'],
  ['static block', 'export class C { static n = 0; static { C.n = 1; } }', 'no-restricted-syntax', 'static blocks'],
  ['keyword method name', 'export class Store { delete(): void {} }', 'no-restricted-syntax', 'keyword in Espruino'],
  ['Array.prototype read', 'export const slice = Array.prototype.slice;', 'no-restricted-syntax', '[].slice.call'],
  ['JSON indent', 'export const s = JSON.stringify({ a: 1 }, null, 2);', 'no-restricted-syntax', 'indent'],
  ['bigint', 'export const n = 10n;', 'no-restricted-syntax', 'BigInt'],
  ['Map', 'export const m = new Map<string, number>();', 'no-restricted-globals', 'Map does not exist'],
  ['Symbol', 'export const s = Symbol("s");', 'no-restricted-globals', 'Symbol does not exist'],
  ['Array.from', 'export const a = Array.from("ab");', 'no-restricted-properties', 'Array.from'],
  ['Object.freeze', 'export const o = Object.freeze({ a: 1 });', 'no-restricted-properties', 'Object.freeze'],
  ['Number.isInteger', 'export const i = Number.isInteger(1);', 'no-restricted-properties', 'Number.isInteger'],
  ['Math.trunc', 'export const t = Math.trunc(1.5);', 'no-restricted-properties', 'Math.trunc'],
  ['toPrecision', 'export const s = (1.5).toPrecision(2);', 'no-restricted-properties', 'toFixed'],
  ['lastIndexOf', 'export const i = [1, 2].lastIndexOf(1);', 'no-restricted-properties', 'lastIndexOf'],
  ['reduceRight', 'export const r = [1, 2].reduceRight((a, b) => a + b, 0);', 'no-restricted-properties', 'reduceRight'],
  ['flat', 'export const f = [[1]].flat();', 'no-restricted-properties', 'flat'],
  ['use before define', 'export const v = later(); function later(): number { return 1; }', '@typescript-eslint/no-use-before-define', 'later'],
  ['let that could be const', 'export function f(): number { let n = 1; return n; }', 'prefer-const', 'const'],
  ['closure over a for-let binding', 'export const fns: Array<() => number> = []; for (let i = 0; i < 3; i++) fns.push(() => i);', 'espruino/no-loop-closure', "'i'"],
  ['closure over a for-of binding', 'export const fns: Array<() => number> = []; for (const v of [1, 2]) fns.push(() => v);', 'espruino/no-loop-closure', "'v'"],
  ['variable named of', 'const of = 1; export const v = of;', 'espruino/no-reserved-name', "'of'"],
  ['inherited static', 'class A { static build(): number { return 1; } } class B extends A {} export const v = B.build();', 'espruino/no-inherited-static', 'A.build'],
  ['hardware global in core', 'export function now(): number { return getTime(); }', 'no-restricted-globals', 'inject getTime'],
  ['console in core', 'export function log(): void { console.log("x"); }', 'no-restricted-globals', 'inject console'],
  ['core importing hal', 'import { readAnalog } from "../hal/analog"; export const r = readAnalog;', 'no-restricted-imports', 'must not depend on firmware/hal'],
];

const HAL_SAMPLE = [
  'export function sample(pin: Pin): number {',
  '  const t = getTime();',
  '  setTimeout(() => digitalWrite(pin, 0), 10);',
  '  console.log(t);',
  '  return analogRead(pin);',
  '}',
].join('\n');

const CLEAN_SAMPLE = `
export interface Limits { readonly max: number; readonly min: number }

const DEFAULTS: Limits = Object.assign({}, { max: 500 }, { min: 0 });

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export class Channel {
  reading = 0;
  static count = 0;
  private readonly samples: number[] = [];
  constructor(readonly id: number, private readonly scale: number) {
    Channel.count++;
  }
  get scaled(): number { return this.reading * this.scale; }
  update(raw: number | null, limits?: Limits): string {
    const lim = limits ?? DEFAULTS;
    this.reading = clamp(raw ?? 0, lim.min, lim.max);
    this.samples.push(this.reading);
    return \`#\${this.id}=\${this.scaled.toFixed(2)}\`;
  }
}

export function total(channels: readonly Channel[]): number {
  let sum = 0;
  for (const ch of channels) sum += ch.scaled;
  for (let i = 0; i < channels.length; i++) sum += channels.map((c) => c.reading).length;
  const own = Object.prototype.hasOwnProperty.call(channels, 'length') ? 1 : 0;
  return sum + own + [3, 1, 2].indexOf(1) + "abc".indexOf("b");
}

type Handler = (...args: number[]) => void;
export const noop: Handler = () => undefined;
`;

describe('ESLint dialect rules for firmware source', () => {
  let banned: LintMessage[][] = [];
  let hal: LintMessage[] = [];
  let clean: LintMessage[] = [];

  beforeAll(() => {
    const samples: Sample[] = [
      ...BANNED.map(([, code]) => ({ code, filePath: CORE })),
      { code: HAL_SAMPLE, filePath: HAL },
      { code: CLEAN_SAMPLE, filePath: CORE },
    ];
    const results = lintAll(samples);
    banned = results.slice(0, BANNED.length);
    hal = results[BANNED.length]!;
    clean = results[BANNED.length + 1]!;
  }, 120_000);

  test.each(BANNED.map((row, index) => [...row, index] as const))('flags %s', (_name, _code, ruleId, text, index) => {
    const messages = banned[index]!;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages).toContainEqual(expect.objectContaining({ ruleId, message: expect.stringContaining(text) }));
    // Each sample is clean apart from its construct: nothing else may fire.
    expect(messages.filter((m) => m.ruleId !== ruleId)).toEqual([]);
  });

  test('Espruino globals are allowed in firmware/hal', () => {
    expect(hal).toEqual([]);
  });

  test('a clean firmware sample passes', () => {
    expect(clean).toEqual([]);
  });
});
