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
// @ts-expect-error plain JS module without types (loaded by rollup before any TypeScript)
import { FIRMWARE_MODULES } from './firmware-modules.mjs';
import { escapeUploadBytes, readUpload, storedFiles } from './upload';

/**
 * The Pico's bundle budget: two thirds of its 48 KB of Storage, the rest holds the
 * on-demand modules, settings and the logs. It holds for the stored `.bootcde` bytes
 * (what Storage really keeps, pretokenised); the bundle's text size is reported beside it
 * for information.
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
export function checkSameTokens(board: string, bundleCode: string, storedCode: string, storage = '.bootcde'): void {
  const expected = jsTokens(bundleCode);
  const actual = jsTokens(detokenise(storedCode));
  const n = Math.min(expected.length, actual.length);
  let k = 0;
  while (k < n && expected[k].text === actual[k].text) k++;
  if (k === n && expected.length === actual.length) return;
  const where = k < expected.length ? expected[k].start : bundleCode.length;
  throw new Error(`${board}: the stored ${storage} does not read back as the bundle: token ${k} is ${actual[k]?.text ?? 'the end'} instead of ` +
    `${expected[k]?.text ?? 'the end'} (bundle offset ${where}: ${JSON.stringify(bundleCode.substring(where - 30, where + 30))})`);
}

interface Packaged {
  bundleBytes: number;
  storedBytes: number;
  /** Each module's Storage file and its stored bytes. */
  modules: { storage: string; storedBytes: number }[];
  uploadBytes: number;
}

/** The dialect gate on one bundle file; throws naming every construct the interpreter cannot run. */
function gate(board: string, file: string, code: string): void {
  const problems = checkDialect(code);
  if (problems.length === 0) return;
  for (const p of problems) {
    process.stderr.write(`${path.relative(ROOT, file)}:${p.line}:${p.column}: ${p.construct}: ${p.message}\n    ${excerpt(code, p.line, p.column)}\n`);
  }
  throw new Error(`dialect gate: ${problems.length} construct(s) in ${board}'s ${path.basename(file)} that the Espruino interpreter cannot run`);
}

/** The CLI's upload of `file` stored pretokenised as Storage file `storage` (it ends with `load("<storage>")`). */
function cliUpload(board: string, storage: string, file: string): string {
  const out = path.join(ROOT, 'dist', board, `.${storage}.upload.js`);
  fs.rmSync(out, { force: true });
  execFileSync(process.execPath, [CLI, '-n', '--board', boardPath(board), ...PRETOKENISE_ARGS, '--storage', `${storage}:-`, '-o', out, file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!fs.existsSync(out)) throw new Error(`espruino CLI wrote no ${out}`);
  const text = readUpload(out);
  fs.rmSync(out, { force: true });
  return text;
}

/** A module's upload without its last statement, the CLI's `load("<storage>")`: the board boots `.bootcde`, never a module. */
function withoutLoad(uploadText: string, storage: string): string {
  const load = `load(${JSON.stringify(storage)})`;
  const trimmed = uploadText.replace(/\s+$/, '');
  if (!trimmed.endsWith(load)) throw new Error(`the CLI's upload of ${storage} does not end with ${load}`);
  return trimmed.substring(0, trimmed.length - load.length);
}

/**
 * One board's upload: each module written to its Storage file, then the resident bundle
 * as `.bootcde` and `load()`. Every stored file is pretokenised and checked against its
 * bundle token for token.
 */
function packageBoard(board: string): Packaged {
  const dist = path.join(ROOT, 'dist', board);
  const bundle = path.join(dist, 'firmware.js');
  const upload = path.join(dist, 'upload.js');
  const code = fs.readFileSync(bundle, 'utf8');
  gate(board, bundle, code);
  const parts: string[] = [];
  const moduleCode = new Map<string, string>();
  for (const m of FIRMWARE_MODULES as { bundle: string; storage: string }[]) {
    const file = path.join(dist, m.bundle);
    const text = fs.readFileSync(file, 'utf8');
    gate(board, file, text);
    moduleCode.set(m.storage, text);
    parts.push(withoutLoad(cliUpload(board, m.storage, file), m.storage));
  }
  parts.push(cliUpload(board, '.bootcde', bundle));
  const cliText = parts.join('\n');
  const asciiUpload = escapeUploadBytes(cliText);
  const files = storedFiles(asciiUpload, upload);
  for (const [name, bytes] of storedFiles(cliText, upload)) {
    if (files.get(name) !== bytes) throw new Error(`${upload}: ${name} stores other bytes once the upload's token bytes are escaped`);
  }
  fs.writeFileSync(upload, asciiUpload, 'latin1');
  const stored = files.get('.bootcde');
  if (stored === undefined) throw new Error(`${upload}: writes no .bootcde`);
  checkSameTokens(board, code, stored);
  const modules: Packaged['modules'] = [];
  for (const [storage, text] of moduleCode) {
    const storedModule = files.get(storage);
    if (storedModule === undefined) throw new Error(`${upload}: writes no ${storage}`);
    checkSameTokens(board, text, storedModule, storage);
    modules.push({ storage, storedBytes: storedModule.length });
  }
  if (board === 'pico') checkBudget(stored.length);
  return { bundleBytes: Buffer.byteLength(code), storedBytes: stored.length, modules, uploadBytes: fs.statSync(upload).size };
}

/** Throws when the Pico's stored bundle is over its budget. */
export function checkBudget(storedBytes: number): void {
  if (storedBytes > PICO_BUNDLE_BUDGET_BYTES) {
    throw new Error(`pico bundle stores ${storedBytes} bytes as .bootcde, over its budget of ${PICO_BUNDLE_BUDGET_BYTES}`);
  }
}

function percentOfBudget(bytes: number): string {
  return ((bytes / PICO_BUNDLE_BUDGET_BYTES) * 100).toFixed(1) + '%';
}

/** " (stored 87.5% of the 32 KB budget; text 99.4%, informational)" for the Pico, nothing for other boards. */
export function budgetNote(board: string, textBytes: number, storedBytes: number): string {
  return board === 'pico' ? ` (stored ${percentOfBudget(storedBytes)} of the 32 KB budget; text ${percentOfBudget(textBytes)}, informational)` : '';
}

export function packageAll(): void {
  const boards = process.argv.length > 2 ? process.argv.slice(2) : listBoardNames();
  for (const board of boards) {
    const p = packageBoard(board);
    process.stdout.write(`dialect ok, packaged: dist/${board}/upload.js  bundle ${p.bundleBytes} bytes of text, ` +
      `stored pretokenised as .bootcde ${p.storedBytes} bytes${budgetNote(board, p.bundleBytes, p.storedBytes)}, ` +
      p.modules.map((m) => `module ${m.storage} ${m.storedBytes} bytes, `).join('') + `upload ${p.uploadBytes} bytes\n`);
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
