// Software of unknown provenance (IEC 62304 8.1.2): why each dependency is used and why it
// is trusted. docs/soup.md is generated from these and the versions package-lock.json pins;
// a test fails when a dependency of package.json has no entry here.

export interface SoupRecord {
  /** Where it runs: on the board, in the build (what is flashed passes through it), or in verification only. */
  role: 'device' | 'build' | 'verification';
  why: string;
}

const BABEL = 'Lowers TypeScript to what the interpreter runs. Trusted: maintained, widely used; its output is checked by the dialect gate and runs through every replay test and the real interpreter.';

export const SOUP: Record<string, SoupRecord> = {
  '@babel/core': { role: 'build', why: BABEL },
  '@babel/plugin-transform-block-scoping': { role: 'build', why: BABEL },
  '@babel/plugin-transform-class-properties': { role: 'build', why: BABEL },
  '@babel/plugin-transform-computed-properties': { role: 'build', why: BABEL },
  '@babel/plugin-transform-destructuring': { role: 'build', why: BABEL },
  '@babel/plugin-transform-exponentiation-operator': { role: 'build', why: BABEL },
  '@babel/plugin-transform-for-of': { role: 'build', why: BABEL },
  '@babel/plugin-transform-modules-commonjs': { role: 'verification', why: 'Lets jest load the TypeScript sources. Verification only.' },
  '@babel/plugin-transform-nullish-coalescing-operator': { role: 'build', why: BABEL },
  '@babel/plugin-transform-object-rest-spread': { role: 'build', why: BABEL },
  '@babel/plugin-transform-optional-chaining': { role: 'build', why: BABEL },
  '@babel/plugin-transform-parameters': { role: 'build', why: BABEL },
  '@babel/plugin-transform-spread': { role: 'build', why: BABEL },
  '@babel/plugin-transform-typescript': { role: 'build', why: BABEL },
  '@babel/preset-typescript': { role: 'build', why: BABEL },
  '@eslint/js': { role: 'verification', why: 'ESLint\'s recommended rules. A check only: it adds nothing to the bundle.' },
  '@rollup/plugin-babel': { role: 'build', why: 'Runs Babel inside rollup. Output checked as for Babel.' },
  '@rollup/plugin-node-resolve': { role: 'build', why: 'Resolves the firmware\'s imports; the bundle contains no package code (the dialect gate would reject what the interpreter lacks).' },
  '@rollup/plugin-terser': { role: 'build', why: 'Minifies the bundle to fit the 32 KB budget. Trusted: widely used; its output is parsed by the dialect gate, compared token for token with what is stored, and replayed by every test.' },
  '@stryker-mutator/core': { role: 'verification', why: 'Mutation testing of the safety core. Verification only: a fault in it can only misreport a score.' },
  '@stryker-mutator/jest-runner': { role: 'verification', why: 'Runs jest for Stryker. Verification only.' },
  '@types/espruino': { role: 'build', why: 'Types of the Espruino API for the hardware layer; types only, nothing emitted.' },
  '@types/jest': { role: 'verification', why: 'Types only.' },
  '@types/node': { role: 'verification', why: 'Types only.' },
  acorn: { role: 'build', why: 'Parses every built bundle for the dialect gate and the stored-bytes check. Trusted: the parser behind many tools, with a conformance suite; a parse error fails the build rather than passing it.' },
  'acorn-walk': { role: 'build', why: 'Walks acorn\'s tree for the dialect gate. As acorn.' },
  ajv: { role: 'build', why: 'Validates board files against boards/board.schema.json before a build uses them. Trusted: the reference JSON Schema validator; a failure stops the build.' },
  'babel-jest': { role: 'verification', why: 'Transforms the TypeScript tests for jest. Verification only.' },
  eslint: { role: 'verification', why: 'Source-side half of the dialect gate and code rules. A check only.' },
  espruino: { role: 'build', why: 'EspruinoTools, the vendor\'s CLI: pretokenises and writes the Storage upload, and flashes. Trusted: the vendor\'s own tool; what it stores is read back and compared with the bundle token for token before anything is flashed.' },
  'cli-progress': { role: 'verification', why: 'The progress bar of the long fuzz run (`npm run fuzz`). Host only, never in the bundle; widely used, maintained.' },
  '@types/cli-progress': { role: 'verification', why: 'Type declarations for cli-progress. Types only.' },
  'fast-check': { role: 'verification', why: 'Property-based tests (random settings text, random command sequences). Verification only.' },
  globals: { role: 'verification', why: 'Global names for ESLint. A check only.' },
  jest: { role: 'verification', why: 'The test runner. Verification only: tests assert real values, and CI runs the same command as the README.' },
  rollup: { role: 'build', why: 'Bundles the firmware into one file. Trusted: widely used; its output is checked as above.' },
  tsx: { role: 'build', why: 'Runs the TypeScript build and harness scripts in Node. A fault shows as a failed build or test.' },
  typescript: { role: 'build', why: 'Strict type checking of core, firmware and host (no emit: Babel produces the code).' },
  'typescript-eslint': { role: 'verification', why: 'TypeScript rules for ESLint. A check only.' },
};

/** What runs on the board besides the firmware: the interpreter, outside npm. */
export const DEVICE_SOUP = [
  {
    name: 'Espruino interpreter', version: '2v25.396 or later (checked by npm run flash)', license: 'MPL-2.0',
    why: 'Runs the firmware on the board. Trusted: the vendor\'s firmware for these boards, open source; its behaviour the firmware relies on is measured (docs/dialect.md) and replayed inside a real build of it (--engine espruino); the hardware watchdog resets the board if it hangs.',
  },
];
