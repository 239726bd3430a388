// Builds one firmware bundle per board: firmware/main.ts + that board's wiring, lowered
// to the Espruino dialect by babel.config.cjs, wrapped in one function and minified.
// Each bundle is written to dist/<board>/firmware.js; scripts/build/package-firmware.ts then
// runs the dialect gate on it and packages it with the espruino CLI.
import fs from 'node:fs';
import path from 'node:path';
import { babel } from '@rollup/plugin-babel';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { boardModuleSource, listBoards } from './scripts/board/board-module.mjs';
import { manglePropertiesOption } from './scripts/build/mangle-names.mjs';
import { bundleGlobalAlias } from './scripts/build/bundle-global-alias.mjs';

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
      return boardModuleSource(JSON.parse(fs.readFileSync(boardFile, 'utf8')), path.basename(boardFile, '.json'));
    },
  };
}

const boards = process.env.BOARD ? [process.env.BOARD] : listBoards('boards');
/** Short names for the firmware's own members (see scripts/build/mangle-names.mjs). */
const mangleProperties = manglePropertiesOption(process.cwd());

export default boards.map((board) => ({
  input: 'firmware/main.ts',
  output: {
    file: `dist/${board}/firmware.js`,
    format: 'iife',
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
        mangle: { reserved: ['of', 'static', 'undefined'], properties: mangleProperties },
        // ascii_only: non-ASCII characters (the erased-flash 0xFF bytes of the fault log) as
        // escapes, so no encoding between here and the board can alter them.
        format: { comments: false, ascii_only: true },
      }),
    ],
  },
  plugins: [
    boardConfig(`boards/${board}.json`),
    nodeResolve({ extensions }),
    babel({ babelHelpers: 'bundled', extensions, configFile: './babel.config.cjs' }),
  ],
  onwarn(warning, warn) {
    // A circular import could run a module before its dependencies: fail the build.
    if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
    warn(warning);
  },
}));
