// Trace files (interface contract section 1): strict loading into columns.
// A trace is checked completely before anything runs; the first problem found is
// reported as `file:line:col: problem` and the replay exits with status 2.
//
// The CSV splitting is done here rather than by a CSV library: the fast libraries tried
// (udsv 0.7) silently drop the rows after an unterminated quote and merge surplus cells,
// and the strict ones cost twice the time on a 90-minute trace. Traces are simple (one
// quoted column at most), so a line split plus an RFC 4180 cell splitter for the lines
// that contain a quote is both exact and as fast as a plain split.

import fs from 'node:fs';
import { listBoardNames } from '../board/board';

/** Cell value `open` (lead off) and `short` of a sensor channel, kept in the numeric column. */
export const CELL_OPEN = 1e300;
export const CELL_SHORT = -1e300;
/** Largest magnitude a numeric cell may have: keeps the two sentinels unambiguous. */
const MAX_CELL_MAGNITUDE = 1e12;
/** Latest t_ms a row may carry: a board's clock in ms for 31 years. */
const MAX_T_MS = 1e12;
/** Longest trace: no procedure lasts a day; longer logs are replayed in parts. */
const MAX_SPAN_MS = 86400000;

export type ColumnKind = 'sensor' | 'switch' | 'cmd' | 'pin';

export interface ColumnSpec {
  kind: ColumnKind;
  unit: string;
  /** Value when the column is absent; null = absent means "not measured". */
  nominal: number | null;
}

/** The columns of the interface contract. `pin:<NAME>` columns are accepted as well. */
export const COLUMNS: Record<string, ColumnSpec> = {
  p_art: { kind: 'sensor', unit: 'mmHg', nominal: 0 },
  p_ven: { kind: 'sensor', unit: 'mmHg', nominal: 0 },
  p_limb: { kind: 'sensor', unit: 'mmHg', nominal: null },
  p_sys: { kind: 'sensor', unit: 'mmHg', nominal: null },
  p_cuff: { kind: 'sensor', unit: 'mmHg', nominal: 300 },
  t_art: { kind: 'sensor', unit: 'degC', nominal: 37 },
  t_prox: { kind: 'sensor', unit: 'degC', nominal: 37 },
  t_dist: { kind: 'sensor', unit: 'degC', nominal: 37 },
  t_water: { kind: 'sensor', unit: 'degC', nominal: 37 },
  level: { kind: 'sensor', unit: 'mL', nominal: 700 },
  bubble: { kind: 'switch', unit: '0/1', nominal: 0 },
  estop: { kind: 'switch', unit: '0/1', nominal: 0 },
  lid: { kind: 'switch', unit: '0/1', nominal: 0 },
  drv_fault: { kind: 'switch', unit: '0/1', nominal: 0 },
  stall: { kind: 'switch', unit: '0/1', nominal: 0 },
  cmd: { kind: 'cmd', unit: 'text', nominal: null },
};

/** The resets a `cmd` cell `!reset <cause>` causes (contract section 7): the board resets at that row's time. */
export const RESET_CAUSES = ['power', 'brownout', 'watchdog', 'pin'];

/** The cause of a `!reset <cause>` cell, or null when the cell is not one. */
export function resetCause(cmd: string): string | null {
  const m = /^!reset (\w+)$/.exec(cmd);
  return m && RESET_CAUSES.includes(m[1]) ? m[1] : null;
}

const PIN_COLUMN = /^pin:([A-H][0-9]{1,2})$/;

export interface TraceCommand {
  tMs: number;
  text: string;
  line: number;
}

export interface Trace {
  file: string;
  meta: Record<string, string>;
  /** Column names in header order, without t_ms. */
  columns: string[];
  headerLine: number;
  /** The header line as written (for column positions in messages). */
  headerText: string;
  tMs: Float64Array;
  /** Source line of each row, for messages. */
  lines: Int32Array;
  /** Every non-cmd column, one value per row, empty cells already filled forward. */
  values: Record<string, Float64Array>;
  cmds: TraceCommand[];
}

export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${col}: ${problem}`);
    this.name = 'TraceError';
  }
}

export function columnSpec(name: string): ColumnSpec | null {
  if (Object.prototype.hasOwnProperty.call(COLUMNS, name)) return COLUMNS[name];
  if (PIN_COLUMN.test(name)) return { kind: 'pin', unit: '0..1', nominal: null };
  return null;
}

export function pinOfColumn(name: string): string | null {
  const m = PIN_COLUMN.exec(name);
  return m ? m[1] : null;
}

/** 1-based character column of field `field` in a CSV line (quotes respected). */
function fieldColumn(lineText: string, field: number): number {
  let f = 0;
  let quoted = false;
  for (let i = 0; i < lineText.length; i++) {
    if (f === field) return i + 1;
    const c = lineText[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) f++;
  }
  return lineText.length + 1;
}

/** The text of 1-based line `n` (error path only). */
function lineAt(text: string, n: number): string {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.substring(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/**
 * The number a cell holds, or NaN. Stricter than Number(): the text must start with a
 * digit, sign or '.' and end with a digit or '.', so '', ' 1', '1 ', 'Infinity', 'NaN'
 * and '0x10' (which Number() would accept or turn into 0) are rejected.
 */
export function numberCell(cell: string): number {
  const n = cell.length;
  if (n === 0) return NaN;
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(n - 1);
  if (!((last >= 48 && last <= 57) || last === 46)) return NaN;
  if (!((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46)) return NaN;
  if (first === 48 && n > 2) {
    const second = cell.charCodeAt(1) | 32;
    if (second === 120 || second === 98 || second === 111) return NaN; // 0x 0b 0o
  }
  const v = +cell;
  return v - v === 0 ? v : NaN; // NaN and the infinities fail
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * numberCell's fast path for plain decimals ([+-]digits[.digits], at most 15 digits): the
 * digits as an integer divided by a power of ten. Both are exact doubles, so the one
 * division rounds exactly as Number() would. Anything else goes to numberCell.
 */
export function fastNumberCell(cell: string): number {
  const n = cell.length;
  let i = 0;
  let negative = false;
  const first = cell.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else return numberCell(cell);
  }
  if (digits === 0 || digits > 15) return numberCell(cell);
  const v = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  return negative ? -v : v;
}

interface Body {
  text: string;
  meta: Record<string, string>;
  headerLine: number;
  bodyStart: number;
}

/** Splits off the '# key: value' metadata lines before the header. */
function readPreamble(file: string, text: string): Body {
  const meta: Record<string, string> = {};
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    const raw = text.substring(pos, end < 0 ? text.length : end).replace(/\r$/, '');
    if (!raw.startsWith('#')) break;
    const m = /^#\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(raw);
    if (m) meta[m[1]] = m[2].trim();
    if (m && m[1] === 'board' && !listBoardNames().includes(meta.board)) {
      throw new TraceError(file, line, raw.indexOf(m[2]) + 1, `board: unknown board ${JSON.stringify(meta.board)} (known: ${listBoardNames().join(', ')})`);
    }
    pos = end < 0 ? text.length : end + 1;
    line++;
  }
  if (pos >= text.length || text.substring(pos).trim() === '') {
    throw new TraceError(file, line, 1, text.length === 0 ? 'empty file' : 'no header line (expected t_ms,...)');
  }
  return { text, meta, headerLine: line, bodyStart: pos };
}

/** Splits one CSV line into cells (RFC 4180 quoting); null when a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        cell += line.substring(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      if (i >= line.length) return cells;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const cell = line.substring(i, comma < 0 ? line.length : comma);
      if (cell.includes('"')) return null;
      cells.push(cell);
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

export function parseTrace(file: string, text: string): Trace {
  if (text.charCodeAt(0) === 0xfeff) text = text.substring(1);
  const body = readPreamble(file, text);
  let csv = body.text.substring(body.bodyStart);
  if (csv.includes('\r')) csv = csv.replace(/\r\n/g, '\n');
  const lineTexts = csv.split('\n');
  // Trailing blank lines are tolerated; blank lines inside the data are not.
  while (lineTexts.length > 0 && lineTexts[lineTexts.length - 1] === '') lineTexts.pop();
  const headerText = lineTexts[0];
  const hl = body.headerLine;
  const header = splitCsvLine(headerText);
  if (!header) throw new TraceError(file, hl, headerText.indexOf('"') + 1, 'unterminated quote in header');
  if (header[0] !== 't_ms') throw new TraceError(file, hl, 1, `first column must be t_ms, found ${JSON.stringify(header[0] ?? '')}`);
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (i === 0) return;
    const col = fieldColumn(headerText, i);
    if (name === 't_ms') throw new TraceError(file, hl, col, 'duplicate column t_ms');
    if (!columnSpec(name)) throw new TraceError(file, hl, col, `unknown column ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new TraceError(file, hl, col, `duplicate column ${JSON.stringify(name)}`);
    seen.add(name);
  });
  if (lineTexts.length < 2) throw new TraceError(file, hl + 1, 1, 'no data rows');
  return buildColumns(file, text, body, header, lineTexts);
}

/** One pass over the data lines (lineTexts[0] is the header) straight into typed columns. */
function buildColumns(file: string, text: string, body: Body, header: string[], lineTexts: string[]): Trace {
  const n = lineTexts.length - 1;
  const tMs = new Float64Array(n);
  const lines = new Int32Array(n);
  const values: Record<string, Float64Array> = {};
  const cmds: TraceCommand[] = [];
  const width = header.length;
  const numeric: { name: string; field: number; kind: ColumnKind; data: Float64Array }[] = [];
  let cmdField = -1;
  header.forEach((name, field) => {
    if (field === 0) return;
    const spec = columnSpec(name) as ColumnSpec;
    if (spec.kind === 'cmd') cmdField = field;
    else numeric.push({ name, field, kind: spec.kind, data: (values[name] = new Float64Array(n)) });
  });
  const fail = (row: number, field: number, problem: string): never => {
    const line = body.headerLine + 1 + row;
    throw new TraceError(file, line, fieldColumn(lineAt(text, line), field), problem);
  };
  let lastT = -1;
  for (let r = 0; r < n; r++) {
    const lineText = lineTexts[r + 1];
    const cells = lineText.indexOf('"') < 0 ? lineText.split(',') : splitCsvLine(lineText);
    if (!cells) {
      throw new TraceError(file, body.headerLine + 1 + r, lineText.indexOf('"') + 1, 'malformed quoted cell (unterminated quote or text after the closing quote)');
    }
    lines[r] = body.headerLine + 1 + r;
    if (cells.length !== width) {
      if (cells.length === 1 && cells[0] === '') fail(r, 0, 'empty line');
      fail(r, Math.min(cells.length, width), `expected ${width} cells, found ${cells.length}`);
    }
    const tCell = cells[0];
    const t = fastNumberCell(tCell);
    if (t !== t) fail(r, 0, `t_ms is not a number: ${JSON.stringify(tCell)}`);
    if (t < 0) fail(r, 0, `t_ms must be >= 0, found ${tCell}`);
    if (t <= lastT) fail(r, 0, `t_ms must increase strictly: ${tCell} after ${lastT}`);
    if (t > MAX_T_MS) fail(r, 0, `t_ms out of range: ${tCell} (at most ${MAX_T_MS})`);
    if (r > 0 && t - tMs[0] > MAX_SPAN_MS) fail(r, 0, `trace spans more than 24 h (${MAX_SPAN_MS} ms): ${tCell} after ${tMs[0]}`);
    tMs[r] = lastT = t;
    for (let k = 0; k < numeric.length; k++) {
      const c = numeric[k];
      const cell = cells[c.field];
      let v: number;
      if (cell === '') {
        if (r === 0) {
          const nominal = (columnSpec(c.name) as ColumnSpec).nominal;
          if (nominal === null) fail(r, c.field, `${c.name} needs a value in the first row`);
          v = nominal as number;
        } else v = c.data[r - 1];
      } else if (c.kind === 'sensor' && cell === 'open') v = CELL_OPEN;
      else if (c.kind === 'sensor' && cell === 'short') v = CELL_SHORT;
      // A safety input's wire broken: the pin reads what its pull resistor gives.
      else if (c.kind === 'switch' && cell === 'open' && c.name !== 'stall') v = CELL_OPEN;
      else {
        v = fastNumberCell(cell);
        if (v !== v) fail(r, c.field, `${c.name}: not a number: ${JSON.stringify(cell)}`);
        if (v > MAX_CELL_MAGNITUDE || v < -MAX_CELL_MAGNITUDE) fail(r, c.field, `${c.name}: value out of range: ${cell}`);
        if (c.kind === 'switch' && v !== 0 && v !== 1) fail(r, c.field, `${c.name}: must be 0 or 1, found ${cell}`);
        if (c.kind === 'pin' && (v < 0 || v > 1)) fail(r, c.field, `${c.name}: must be within 0..1, found ${cell}`);
      }
      c.data[r] = v;
    }
    if (cmdField >= 0) {
      const cmd = cells[cmdField];
      // A CR or LF ends a line on the command port: one cell must be one line, one reply.
      if (/[\r\n]/.test(cmd)) fail(r, cmdField, 'cmd: a line break inside a command cell would send more than one line');
      // `!reset <cause>` is not sent: the board resets at this row (any other text is sent).
      if (/^!reset\b/.test(cmd) && resetCause(cmd) === null) fail(r, cmdField, `cmd: ${JSON.stringify(cmd)}: a reset row is "!reset <${RESET_CAUSES.join('|')}>"`);
      if (cmd !== '') cmds.push({ tMs: t, text: cmd, line: lines[r] });
    }
  }
  return { file, meta: body.meta, columns: header.slice(1), headerLine: body.headerLine, headerText: lineTexts[0], tMs, lines, values, cmds };
}

export function loadTrace(file: string): Trace {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TraceError(file, 0, 0, `cannot read: ${(e as Error).message}`);
  }
  return parseTrace(file, text);
}
