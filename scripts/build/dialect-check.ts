/**
 * Fails the build on anything in a built bundle that the Espruino interpreter cannot run.
 *
 *   npx tsx scripts/build/dialect-check.ts dist/bundle.js [more.js ...]
 *
 * Prints `file:line:col: construct: message` and an excerpt of the line for each problem;
 * exits 1 if there is any, 2 on a usage or read error, else 0.
 */
import { readFileSync } from 'node:fs';
import { checkDialect, type DialectProblem } from './dialect';

/** Bundles are minified into very long lines: show this much of the line around the column. */
const EXCERPT_WIDTH = 120;

function excerpt(line: string, column: number): { text: string; caret: number } {
  const index = column - 1;
  if (line.length <= EXCERPT_WIDTH) {
    const trimmed = line.trimStart();
    const cut = line.length - trimmed.length;
    return { text: trimmed.trimEnd(), caret: Math.max(0, index - cut) };
  }
  const start = Math.max(0, Math.min(index - EXCERPT_WIDTH / 2, line.length - EXCERPT_WIDTH));
  const end = Math.min(line.length, start + EXCERPT_WIDTH);
  const prefix = start > 0 ? '...' : '';
  const suffix = end < line.length ? '...' : '';
  return { text: prefix + line.slice(start, end) + suffix, caret: prefix.length + index - start };
}

function formatProblem(file: string, lines: readonly string[], problem: DialectProblem): string {
  const { text, caret } = excerpt(lines[problem.line - 1] ?? '', problem.column);
  return [
    `${file}:${problem.line}:${problem.column}: ${problem.construct}: ${problem.message}`,
    `    ${text}`,
    `    ${' '.repeat(caret)}^`,
  ].join('\n');
}

/** Checks one file; returns the number of problems found. */
function checkFile(file: string): number {
  const code = readFileSync(file, 'utf8');
  const problems = checkDialect(code);
  if (problems.length === 0) {
    console.log(`dialect ok: ${file} (${Buffer.byteLength(code)} bytes)`);
    return 0;
  }
  const lines = code.split(/\r?\n/);
  for (const problem of problems) console.log(formatProblem(file, lines, problem));
  console.log(`${file}: ${problems.length} dialect problem(s)`);
  return problems.length;
}

function main(files: readonly string[]): number {
  if (files.length === 0) {
    console.error('usage: tsx scripts/build/dialect-check.ts <file.js>...');
    return 2;
  }
  let problems = 0;
  for (const file of files) {
    try {
      problems += checkFile(file);
    } catch (err) {
      console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }
  return problems > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
