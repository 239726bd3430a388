// A command handler answers `ok <command> ...`, or refuses with `<code> <reason>` and the
// dispatcher (table.ts) makes that `err <command> <code> <reason>`. The codes are
// prefixes, so the minifier joins code and reason into one string.

export const SYNTAX = 'syntax ';
export const RANGE = 'range ';
export const STATE = 'state ';
export const NOT_SAVED = STATE + 'could not write settings to flash';
export const STOP_FIRST = STATE + 'stop the pump first';
export const IDLE_STOPPED = STATE + 'only in IDLE with the pump stopped';

export function notANumber(text: string): string {
  return SYNTAX + 'not a number: ' + text;
}
