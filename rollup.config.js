// Builds one firmware bundle per board: firmware/main.ts + that board's wiring, lowered
// to the Espruino dialect by babel.config.cjs, wrapped in one function and minified.
// Each bundle is written to dist/<board>/firmware.js; scripts/build/package-firmware.ts then
// runs the dialect gate on it and packages it with the espruino CLI.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { babel } from '@rollup/plugin-babel';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { boardModuleOfFile, listBoards } from './scripts/board/board-module.mjs';
import { manglePropertiesOption, propertyNameCache } from './scripts/build/mangle-names.mjs';
import { bundleGlobalAlias } from './scripts/build/bundle-global-alias.mjs';
import { FIRMWARE_MODULES } from './scripts/build/firmware-modules.mjs';

const extensions = ['.ts', '.js'];

/** Resolves `import ... from 'board-config'` to the generated wiring module of one board. */
function boardConfig(boardFile) {
  const id = '\0board-config';
  return {
    name: 'board-config',
    resolveId(source) {
      return source === 'board-config' ? id : null;
    },
    load(source) {
      if (source !== id) return null;
      this.addWatchFile(boardFile);
      // Checked against boards/board.schema.json: a broken board file fails the build here,
      // naming the file and the field.
      return boardModuleOfFile(boardFile);
    },
  };
}

/** Every file under dir, sorted. */
function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}

/**
 * `import { BUILD_ID, COMMAND_MODULE } from 'build-info'`: a hash of the firmware's sources
 * and the board file, the same in the resident bundle and its modules, so a module from
 * another build is refused (firmware/hal/modules.ts); and each module's Storage file.
 */
function buildInfo(boardFile) {
  const id = '\0build-info';
  const hash = crypto.createHash('sha256');
  for (const file of [...filesUnder('firmware'), boardFile]) hash.update(file).update(fs.readFileSync(file));
  const buildId = hash.digest('hex').substring(0, 12);
  return {
    name: 'build-info',
    resolveId(source) {
      return source === 'build-info' ? id : null;
    },
    load(source) {
      if (source !== id) return null;
      return `export const BUILD_ID = ${JSON.stringify(buildId)};\n` +
        FIRMWARE_MODULES.map((m) => `export const ${m.constant} = ${JSON.stringify(m.storage)};\n`).join('');
    },
  };
}

/**
 * A module's bundle as one expression, the value `eval` gives when the resident bundle
 * loads it: rollup writes `var m=function(){...}();`, the board needs `(function(){...}())`.
 */
function moduleExpression() {
  return {
    name: 'module-expression',
    renderChunk(code) {
      const m = /^var [A-Za-z_$][\w$]*=([\s\S]*);\s*$/.exec(code);
      if (!m) throw new Error('module-expression: the module bundle is not one var statement');
      return { code: `(${m[1]})`, map: null };
    },
  };
}

const boards = process.env.BOARD ? [process.env.BOARD] : listBoards('boards');
/** Short names for the firmware's own members (see scripts/build/mangle-names.mjs). */
const mangleProperties = manglePropertiesOption(process.cwd());

/** The resident bundle, and the modules it loads on demand from Storage (firmware/modules/). */
const ENTRIES = [
  { input: 'firmware/main.ts', file: 'firmware.js', module: false },
  ...FIRMWARE_MODULES.map((m) => ({ input: m.entry, file: m.bundle, module: true })),
];

export default boards.flatMap((board) => ENTRIES.map((entry) => ({
  input: entry.input,
  output: {
    file: `dist/${board}/${entry.file}`,
    format: 'iife',
    name: entry.module ? 'module' : undefined,
    strict: false,
    // The interpreter has no hoisting: rollup keeps modules in dependency order, and the
    // dialect gate proves the result declares everything before it runs.
    plugins: [
      bundleGlobalAlias(),
      terser({
        ecma: 2015,
        // inline: 1 keeps terser from inlining a function body whose `var`s then sit after a
        // `return`: without hoisting, the interpreter writes those to outer variables instead.
        compress: { passes: 2, unsafe_arrows: true, inline: 1, hoist_funs: false, hoist_vars: false, unsafe: false, keep_fargs: true },
        // The same short name for a member in every bundle: they share the controller's objects.
        mangle: { reserved: ['of', 'static', 'undefined'], properties: { ...mangleProperties, cache: propertyNameCache(process.cwd()).props } },
        // ascii_only: non-ASCII characters (the erased-flash 0xFF bytes of the fault log) as
        // escapes, so no encoding between here and the board can alter them.
        format: { comments: false, ascii_only: true },
      }),
      ...(entry.module ? [moduleExpression()] : []),
    ],
  },
  plugins: [
    boardConfig(`boards/${board}.json`),
    buildInfo(`boards/${board}.json`),
    nodeResolve({ extensions }),
    babel({ babelHelpers: 'bundled', extensions, configFile: './babel.config.cjs' }),
  ],
  onwarn(warning, warn) {
    // A circular import could run a module before its dependencies: fail the build.
    if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
    warn(warning);
  },
})));
