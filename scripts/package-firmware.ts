// The build's last steps, per board: the dialect gate on the bundle rollup wrote, then the
// espruino CLI (offline) turns it into the upload a user flashes: the bundle written to
// Storage as `.bootcde`, so it runs from flash at every boot.
//   tsx scripts/package-firmware.ts [board...]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { boardPath, listBoardNames } from './lib/board';
import { checkDialect } from './lib/dialect';

/** Two thirds of the Pico's 48 KB of Storage: the rest holds settings and the fault log. */
export const PICO_BUNDLE_BUDGET_BYTES = 32 * 1024;

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'node_modules', 'espruino', 'bin', 'espruino-cli.js');

function excerpt(code: string, line: number, column: number): string {
  const text = code.split('\n')[line - 1] ?? '';
  const from = Math.max(0, column - 60);
  return (from > 0 ? '...' : '') + text.substring(from, column + 60) + (column + 60 < text.length ? '...' : '');
}

function packageBoard(board: string): { bundleBytes: number; uploadBytes: number } {
  const bundle = path.join(ROOT, 'dist', board, 'firmware.js');
  const upload = path.join(ROOT, 'dist', board, 'upload.js');
  const code = fs.readFileSync(bundle, 'utf8');
  const problems = checkDialect(code);
  if (problems.length > 0) {
    for (const p of problems) {
      process.stderr.write(`${path.relative(ROOT, bundle)}:${p.line}:${p.column}: ${p.construct}: ${p.message}\n    ${excerpt(code, p.line, p.column)}\n`);
    }
    throw new Error(`dialect gate: ${problems.length} construct(s) in ${board}'s bundle that the Espruino interpreter cannot run`);
  }
  if (board === 'pico' && code.length > PICO_BUNDLE_BUDGET_BYTES) {
    throw new Error(`pico bundle is ${code.length} bytes, over its budget of ${PICO_BUNDLE_BUDGET_BYTES}`);
  }
  fs.rmSync(upload, { force: true });
  execFileSync(process.execPath, [CLI, '-n', '--board', boardPath(board), '--storage', '.bootcde:-', '-o', upload, bundle], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!fs.existsSync(upload)) throw new Error(`espruino CLI wrote no ${upload}`);
  const uploadText = fs.readFileSync(upload, 'utf8');
  if (!uploadText.startsWith('require("Storage").write(".bootcde",')) throw new Error(`${upload}: not a Storage upload`);
  return { bundleBytes: code.length, uploadBytes: uploadText.length };
}

export function packageAll(): void {
  const boards = process.argv.length > 2 ? process.argv.slice(2) : listBoardNames();
  for (const board of boards) {
    const { bundleBytes, uploadBytes } = packageBoard(board);
    const budget = board === 'pico' ? ` (${((bundleBytes / PICO_BUNDLE_BUDGET_BYTES) * 100).toFixed(0)}% of the 32 KB budget)` : '';
    process.stdout.write(`dialect ok, packaged: dist/${board}/upload.js  bundle ${bundleBytes} bytes${budget}, upload ${uploadBytes} bytes\n`);
  }
}

if (require.main === module) {
  try {
    packageAll();
  } catch (e) {
    process.stderr.write(`package-firmware: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
