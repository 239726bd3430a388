// Small text helpers for the command port. The interpreter's regular expressions are
// unreliable, so parsing is done character by character.

const CODE_0 = 48;
const CODE_9 = 57;

/**
 * Parses a plain decimal number: optional '-', digits, optional '.' and digits.
 * No exponent, no hex, no spaces, no 'Infinity': anything else gives NaN, so that
 * `flow 1e3` or `flow 0x10` is a syntax error rather than a surprising setpoint.
 */
export function parseDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  if (n > 0 && text.charCodeAt(0) === 45) i = 1;
  let digits = 0;
  let dots = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= CODE_0 && c <= CODE_9) digits++;
    else if (c === 46 && dots === 0) dots++;
    else return NaN;
  }
  if (digits === 0) return NaN;
  return parseFloat(text);
}

/** True when every character is printable ASCII (space to tilde). */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** Splits on runs of spaces; no empty words. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const space = i === line.length || line.charCodeAt(i) === 32;
    if (space) {
      if (start >= 0) words.push(line.substring(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return words;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000];

/**
 * Fixed-point text, rounding half up. The interpreter's own toFixed rounds differently
 * from V8's (99.95117 -> "99.9"), and Math.round differs on negative halves, so the
 * firmware formats numbers itself: the board and the host then print the same text.
 */
export function formatFixed(value: number, decimals: number): string {
  const scale = POWERS_OF_TEN[decimals];
  const n = Math.floor(Math.abs(value) * scale + 0.5);
  const negative = value < 0 && n > 0;
  // The digits of the whole scaled number, then the point: a few operations where a
  // loop per decimal costs the interpreter one pass of its body each.
  let text = String(n);
  if (decimals > 0) {
    // n + scale has the decimals zero-padded in its last digits.
    const padded = String(n + scale);
    text = String(Math.floor(n / scale)) + '.' + padded.substring(padded.length - decimals);
  }
  return negative ? '-' + text : text;
}

/** Fixed-point text for a number, or 'null' when the value is not available. */
export function fixedOrNull(value: number, decimals: number): string {
  return value === value ? formatFixed(value, decimals) : 'null';
}

/**
 * A number rounded half up to `decimals` places, as JSON text ('null' when not available),
 * in the shortest form ("36.9" for 36.90). Where the text is read as a number (telemetry)
 * this is cheaper on the interpreter than formatFixed: one native number-to-text
 * conversion, which prints the same digits as V8 for a value rounded like this.
 */
export function jsonFixed(value: number, decimals: number): string {
  if (value !== value) return 'null';
  const scale = POWERS_OF_TEN[decimals];
  return String(value < 0 ? -Math.floor(-value * scale + 0.5) / scale : Math.floor(value * scale + 0.5) / scale);
}

/**
 * A number rounded half up to `decimals` places (0..4), the precision the firmware keeps a
 * setpoint at: String() of it then prints the same digits on the interpreter and in V8.
 */
export function roundTo(value: number, decimals: number): number {
  const scale = POWERS_OF_TEN[decimals];
  return value < 0 ? -Math.floor(-value * scale + 0.5) / scale : Math.floor(value * scale + 0.5) / scale;
}
