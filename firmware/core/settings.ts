// Calibration settings kept in flash: the tubing set in use and each set's calibrated
// stroke volume. Stored as JSON with a version and a CRC-32 of the payload, so a torn
// write or a flipped bit is detected; anything wrong falls back to the defaults.

import { DEFAULT_TUBING, TUBING_STROKE_ML } from './drive/pumpDrive';
import { formatFixed } from './text';

export const SETTINGS_FILE = 'pump.cfg';
export const SETTINGS_VERSION = 1;
/** A calibrated stroke volume may differ from its tubing's nominal one by at most this fraction. */
export const STROKE_TOLERANCE = 0.25;

/** Channels with a span (gain) calibration, in this order in Settings.span. */
export const SPAN_CHANNELS: string[] = ['p_art', 'p_ven', 'p_cuff'];
/** A span factor outside 1 +- this means a faulty transducer or reference, not a calibration. */
export const SPAN_TOLERANCE = 0.2;

export interface Settings {
  tubing: number;
  strokeMl: number[];
  /** Gain corrections of the pressure transducers (SPAN_CHANNELS order), 1 = nominal. */
  span: number[];
}

/** What the hardware layer provides: the stored text, a writer, and the chip's CRC-32. */
export interface SettingsIO {
  read(): string | undefined;
  write(text: string): boolean;
  crc32(text: string): number;
}

export function defaultSettings(): Settings {
  return { tubing: DEFAULT_TUBING, strokeMl: TUBING_STROKE_ML.slice(), span: [1, 1, 1] };
}

export function strokeInRange(tubing: number, strokeMl: number): boolean {
  const nominal = TUBING_STROKE_ML[tubing];
  return strokeMl >= nominal * (1 - STROKE_TOLERANCE) && strokeMl <= nominal * (1 + STROKE_TOLERANCE);
}

export function spanInRange(factor: number): boolean {
  return factor >= 1 - SPAN_TOLERANCE && factor <= 1 + SPAN_TOLERANCE;
}

/** Decimals a stored stroke volume (mL/rev, 3 ppm of a 34 mL stroke) and span factor (0.01%) keep. */
export const STROKE_DECIMALS = 4;
export const SPAN_DECIMALS = 4;

function numberList(values: number[], decimals: number): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + formatFixed(values[i], decimals);
  return '[' + out + ']';
}

/**
 * The stored JSON, numbers written by the firmware's own formatter: the interpreter's
 * JSON.stringify prints 12 significant digits where V8 prints 17, so a board and the
 * simulated board would store (and checksum) different text for the same settings.
 */
function payload(s: Settings): string {
  return '{"v":' + SETTINGS_VERSION + ',"tubing":' + s.tubing + ',"stroke":' + numberList(s.strokeMl, STROKE_DECIMALS) +
    ',"span":' + numberList(s.span, SPAN_DECIMALS) + '}';
}

export function encodeSettings(s: Settings, crc32: (text: string) => number): string {
  const body = payload(s);
  return body + '\n' + crc32(body);
}

/** The settings, or a reason they cannot be used: 'missing' or 'corrupt: ...'. */
export function decodeSettings(text: string | undefined, crc32: (text: string) => number): Settings | string {
  if (text === undefined || text === null) return 'missing';
  const nl = text.indexOf('\n');
  if (nl < 0) return 'corrupt: no checksum';
  const body = text.substring(0, nl);
  if (String(crc32(body)) !== text.substring(nl + 1)) return 'corrupt: checksum mismatch';
  let parsed: { v?: number; tubing?: number; stroke?: number[]; span?: number[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'corrupt: not JSON';
  }
  // Any JSON at all can carry a valid checksum: null, a number, a string, an array.
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'corrupt: not an object';
  if (parsed.v !== SETTINGS_VERSION) return 'corrupt: version ' + parsed.v;
  const tubing = parsed.tubing;
  const stroke = parsed.stroke;
  if (typeof tubing !== 'number' || !(tubing >= 0 && tubing < TUBING_STROKE_ML.length) || tubing !== Math.floor(tubing)) return 'corrupt: tubing';
  if (!Array.isArray(stroke) || stroke.length !== TUBING_STROKE_ML.length) return 'corrupt: stroke volumes';
  for (let i = 0; i < stroke.length; i++) {
    if (typeof stroke[i] !== 'number' || !strokeInRange(i, stroke[i])) return 'corrupt: stroke volume out of range';
  }
  const span = parsed.span;
  if (!Array.isArray(span) || span.length !== SPAN_CHANNELS.length) return 'corrupt: span factors';
  for (let i = 0; i < span.length; i++) if (typeof span[i] !== 'number' || !spanInRange(span[i])) return 'corrupt: span factor out of range';
  return { tubing, strokeMl: stroke, span };
}
