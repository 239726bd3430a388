// A closed-loop run written as a trace file (interface contract section 1): one row per
// plant step with the values the sensors presented, the operator's commands in the cmd
// column, `# source: synthetic`. Replaying it presents the firmware the very same pin
// values at the very same times (values are written with the decimals they were
// presented with, exact through the parser), so it replays to the same events.

import fs from 'node:fs';
import { CELL_OPEN } from '../replay/trace';
import { PLANT_SENSORS, PLANT_SWITCHES } from './plant';
import { PlantRecord } from './plantRecord';

export interface TraceCommandAt {
  tMs: number;
  text: string;
}

export interface TraceHeader {
  protocol: string;
  board: string;
  note: string;
  /** Optional transducers plugged in: an unplugged one's column is left out (absent = not plugged in). */
  connected: { p_limb: boolean; p_sys: boolean };
}

function quoteCell(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function cell(v: number): string {
  return v === CELL_OPEN ? 'open' : String(v);
}

/** The trace text of a run; commands must fall on the record's rows (the runner steps to them). */
export function recordToTrace(record: PlantRecord, cmds: TraceCommandAt[], header: TraceHeader): string {
  const columns = [
    ...PLANT_SENSORS.filter((name) => (name !== 'p_limb' && name !== 'p_sys') || header.connected[name]),
    ...PLANT_SWITCHES,
  ];
  const data = columns.map((name) => record.column(name));
  const t = record.column('t_ms');
  const lines = [
    `# protocol: ${header.protocol}`,
    `# board: ${header.board}`,
    '# source: synthetic',
    `# note: ${header.note.replace(/[\r\n]+/g, ' ')}`,
    ['t_ms', ...columns, 'cmd'].join(','),
  ];
  let c = 0;
  const cells: string[] = new Array(columns.length + 2);
  for (let r = 0; r < record.length; r++) {
    cells[0] = String(t[r]);
    // An empty cell keeps the previous value: unchanged values are left out.
    for (let k = 0; k < data.length; k++) {
      const v = data[k][r];
      cells[k + 1] = r > 0 && v === data[k][r - 1] ? '' : cell(v);
    }
    let cmd = '';
    if (c < cmds.length && cmds[c].tMs === t[r]) cmd = quoteCell(cmds[c++].text);
    cells[columns.length + 1] = cmd;
    lines.push(cells.join(','));
  }
  if (c < cmds.length) throw new Error(`command at ${cmds[c].tMs} ms is not on a row of the record`);
  return lines.join('\n') + '\n';
}

export function writeRecordTrace(file: string, record: PlantRecord, cmds: TraceCommandAt[], header: TraceHeader): void {
  fs.writeFileSync(file, recordToTrace(record, cmds, header));
}
