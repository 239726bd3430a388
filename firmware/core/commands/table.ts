// The command port's commands (interface contract section 3): one table of their argument
// counts and usages, and the dispatcher that checks a line against it and runs the
// handler. Every command gets exactly one reply line: `ok <command> [detail]` or
// `err <command> <code> <reason>`; a refused command changes nothing.

import type { Controller } from '../controller';
import { TUBING_NAMES } from '../drive/pumpDrive';
import { profileIds } from '../profiles';
import { SPAN_CHANNELS } from '../settings';
import { isPrintableAscii, splitWords } from '../text';
import { cmdCalibrate, cmdCollected, cmdSpan, cmdTare, cmdTubing, cmdZero } from './calibration';
import { cmdLog, status } from './reports';
import { SYNTAX } from './replies';
import { cmdAck, cmdNext, cmdResume, cmdRun, cmdSilence, cmdStop } from './run';
import { cmdAdd, cmdFlow, cmdInfuse, cmdProtocol, cmdTemp } from './setpoints';
import { STATE_PERFUSING, STATE_PRIMING } from '../states';

/**
 * Every command with the fewest and the most arguments it takes and its usage, the reason
 * of its syntax error: `<word> <min> <max>[ <usage>]`, `;` between commands. Built when a
 * command arrives, from the lists the handlers accept (profiles, tubing sets, span
 * channels), so the usage cannot disagree with them.
 */
export function commandTable(): string {
  return 'status 0 0;log 0 0;zero 0 0;prime 0 0;start 0 0;stop 0 0;next 0 0;ack 0 0;silence 0 0;' +
  'protocol 1 1 <' + profileIds() + '>;flow 1 2 <mL/min> [confirm];temp 1 2 <degC> [confirm];' +
  'add 1 1 <mL>;infuse 2 2 <mL> <min>;tubing 1 1 <' + TUBING_NAMES.join('|') + '>;span 2 2 <' + SPAN_CHANNELS.join('|') + '> <mmHg>;' +
  'tare 0 1 [<mL in the reservoir>];calibrate 0 1 [<revolutions>];collected 1 1 <mL>;resume 0 0';
}

/**
 * Executes one command line and returns its single reply line. The arguments are checked
 * against commandTable(); a handler answers `ok ...` or refuses with `<code> <reason>`,
 * which becomes `err <command> <code> <reason>`.
 */
export function command(c: Controller, line: string, nowMs: number): string {
  if (!isPrintableAscii(line)) return 'err - syntax non-printable characters in line';
  const words = splitWords(line);
  if (words.length === 0) return 'err - syntax empty command';
  const word = words[0].toLowerCase();
  const table = ';' + commandTable() + ';';
  const at = table.indexOf(';' + word + ' ');
  // A word the table does not have, or (a slip in the table) one no handler takes.
  let reply = 'unknown unknown command';
  if (at < 0) return 'err ' + word + ' ' + reply;
  const argCount = words.length - 1;
  const counts = at + word.length + 2;
  const usage = table.substring(counts + 3, table.indexOf(';', counts));
  const confirmed = argCount === 2 && words[2].toLowerCase() === 'confirm';
  const arg = words[1];
  if (argCount < table.charCodeAt(counts) - 48 || argCount > table.charCodeAt(counts + 2) - 48 ||
    (argCount === 2 && usage.indexOf('[confirm]') > 0 && !confirmed)) {
    reply = SYNTAX + 'usage: ' + word + usage;
  } else if (word === 'status') reply = status(c, nowMs);
  else if (word === 'log') reply = cmdLog(c);
  else if (word === 'zero') reply = cmdZero(c);
  else if (word === 'prime') reply = cmdRun(c, STATE_PRIMING, word, nowMs);
  else if (word === 'start') reply = cmdRun(c, STATE_PERFUSING, word, nowMs);
  else if (word === 'stop') reply = cmdStop(c);
  else if (word === 'next') reply = cmdNext(c, nowMs);
  else if (word === 'ack') reply = cmdAck(c, nowMs);
  else if (word === 'silence') reply = cmdSilence(c, nowMs);
  else if (word === 'protocol') reply = cmdProtocol(c, arg.toLowerCase());
  else if (word === 'flow') reply = cmdFlow(c, arg, confirmed);
  else if (word === 'temp') reply = cmdTemp(c, arg, confirmed, nowMs);
  else if (word === 'add') reply = cmdAdd(c, arg);
  else if (word === 'infuse') reply = cmdInfuse(c, arg, words[2]);
  else if (word === 'tubing') reply = cmdTubing(c, arg);
  else if (word === 'span') reply = cmdSpan(c, arg.toLowerCase(), words[2]);
  else if (word === 'tare') reply = cmdTare(c, argCount ? arg : '0');
  else if (word === 'calibrate') reply = cmdCalibrate(c, argCount ? arg : '');
  else if (word === 'collected') reply = cmdCollected(c, arg);
  else if (word === 'resume') reply = cmdResume(c, nowMs);
  if (reply.substring(0, 3) !== 'ok ') return 'err ' + word + ' ' + reply;
  // Anything a command changed goes into the case record (procedure/caseRecord.ts).
  if (word !== 'status' && word !== 'log' && word !== 'silence') c.caseDueMs = 0;
  return reply;
}
