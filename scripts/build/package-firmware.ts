// The build's last steps, per board: the dialect gate on the bundle rollup wrote, then the
// espruino CLI (offline) turns it into the upload a user flashes: the bundle pretokenised
// (reserved words and operators as single bytes, strings and integers as raw values) and
// written to Storage as `.bootcde`, so it runs from flash at every boot. The upload is
// kept ASCII (token bytes escaped in its string literals, the same stored bytes); the
// stored bytes are checked against the bundle (the same tokens); the Pico's text and stored
// bytes against its budget.
//   tsx scripts/build/package-firmware.ts [board...]

import { tokenizer } from 'acorn';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { boardPath, listBoardNames } from '../board/board';
import { checkDialect } from './dialect';
import { detokenise } from './pretokenised';
import { escapeUploadBytes, readUpload, storedFiles } from './upload';

/**
 * The Pico's bundle budget: two thirds of its 48 KB of Storage, the rest holds settings and
 * the fault log. It holds for the stored `.bootcde` bytes (what Storage really keeps) and
 * for the bundle's text (what any other upload path, pretokenising off, would store).
 */
export const PICO_BUNDLE_BUDGET_BYTES = 32 * 1024;

/**
 * Raw strings and integers in the stored code: PRETOKENISE=2 tokenises them whatever the
 * board, and Espruino reads raw integers from 2v25.396 on (scripts/device/flash.ts refuses older).
 */
const PRETOKENISE_ARGS = ['--config', 'PRETOKENISE=2', '--config', 'SAVE_ON_SEND=1'];

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'espruino', 'bin', 'espruino-cli.js');

function excerpt(code: string, line: number, column: number): string {
  const text = code.split('\n')[line - 1] ?? '';
  const from = Math.max(0, column - 60);
  return (from > 0 ? '...' : '') + text.substring(from, column + 60) + (column + 60 < text.length ? '...' : '');
}

interface Token {
  text: string;
  start: number;
}

/** Tokens as acorn reads them, by type and value: spacing and spelling (1e3, 1000) do not count. */
function jsTokens(code: string): Token[] {
  // acorn's types leave out the token's value, which it always sets.
  return [...tokenizer(code, { ecmaVersion: 'latest' })].map((t) => ({ text: `${t.type.label} ${JSON.stringify((t as unknown as { value: unknown }).value)}`, start: t.start }));
}

/**
 * The pretokeniser only respells the bundle: the stored code, read back as JavaScript, must
 * be the bundle's tokens one for one. A merge such as `a- -b` into `a--b` would change
 * what the board runs while the replays (which run the same stored bytes) might not notice.
 */
export function checkSameTokens(board: string, bundleCode: string, storedCode: string): void {
  const expected = jsTokens(bundleCode);
  const actual = jsTokens(detokenise(storedCode));
  const n = Math.min(expected.length, actual.length);
  let k = 0;
  while (k < n && expected[k].text === actual[k].text) k++;
  if (k === n && expected.length === actual.length) return;
  const where = k < expected.length ? expected[k].start : bundleCode.length;
  throw new Error(`${board}: the stored .bootcde does not read back as the bundle: token ${k} is ${actual[k]?.text ?? 'the end'} instead of ` +
    `${expected[k]?.text ?? 'the end'} (bundle offset ${where}: ${JSON.stringify(bundleCode.substring(where - 30, where + 30))})`);
}

interface Packaged {
  bundleBytes: number;
  storedBytes: number;
  uploadBytes: number;
}

function packageBoard(board: string): Packaged {
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
  fs.rmSync(upload, { force: true });
  execFileSync(process.execPath, [CLI, '-n', '--board', boardPath(board), ...PRETOKENISE_ARGS, '--storage', '.bootcde:-', '-o', upload, bundle], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!fs.existsSync(upload)) throw new Error(`espruino CLI wrote no ${upload}`);
  const cliUpload = readUpload(upload);
  const asciiUpload = escapeUploadBytes(cliUpload);
  const files = storedFiles(asciiUpload, upload);
  for (const [name, bytes] of storedFiles(cliUpload, upload)) {
    if (files.get(name) !== bytes) throw new Error(`${upload}: ${name} stores other bytes once the upload's token bytes are escaped`);
  }
  fs.writeFileSync(upload, asciiUpload, 'latin1');
  const stored = files.get('.bootcde');
  if (stored === undefined) throw new Error(`${upload}: writes no .bootcde`);
  checkSameTokens(board, code, stored);
  if (board === 'pico') checkBudget(Buffer.byteLength(code), stored.length);
  return { bundleBytes: Buffer.byteLength(code), storedBytes: stored.length, uploadBytes: fs.statSync(upload).size };
}

/** Throws when the Pico's bundle is over its budget, as text or as stored. */
export function checkBudget(textBytes: number, storedBytes: number): void {
  if (textBytes > PICO_BUNDLE_BUDGET_BYTES) {
    throw new Error(`pico bundle is ${textBytes} bytes of text, over its budget of ${PICO_BUNDLE_BUDGET_BYTES}`);
  }
  if (storedBytes > PICO_BUNDLE_BUDGET_BYTES) {
    throw new Error(`pico bundle stores ${storedBytes} bytes as .bootcde, over its budget of ${PICO_BUNDLE_BUDGET_BYTES}`);
  }
}

function percentOfBudget(bytes: number): string {
  return ((bytes / PICO_BUNDLE_BUDGET_BYTES) * 100).toFixed(1) + '%';
}

/** " (text 99.4%, stored 87.5% of the 32 KB budget)" for the Pico, nothing for other boards. */
export function budgetNote(board: string, textBytes: number, storedBytes: number): string {
  return board === 'pico' ? ` (text ${percentOfBudget(textBytes)}, stored ${percentOfBudget(storedBytes)} of the 32 KB budget)` : '';
}

export function packageAll(): void {
  const boards = process.argv.length > 2 ? process.argv.slice(2) : listBoardNames();
  for (const board of boards) {
    const p = packageBoard(board);
    process.stdout.write(`dialect ok, packaged: dist/${board}/upload.js  bundle ${p.bundleBytes} bytes of text, ` +
      `stored pretokenised as .bootcde ${p.storedBytes} bytes${budgetNote(board, p.bundleBytes, p.storedBytes)}, upload ${p.uploadBytes} bytes\n`);
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
