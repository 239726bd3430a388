// The replay command as users run it: exit codes, stderr on malformed traces, JSON lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRACES, requireBuild, runCli } from '../helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-cli-'));
function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => requireBuild());

describe('npm run replay', () => {
  it('prints JSON lines ending with the summary, exit 0', () => {
    const r = runCli(['scripts/replay/cli.ts', path.join(TRACES, 'air-in-line.csv'), '--json']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toHaveProperty('t');
    const last = lines[lines.length - 1];
    // A board with no stored calibration reminds with a low-priority CALIBRATION_DEFAULT.
    expect(last).toEqual({
      t: 199980, ev: 'summary', t_end: 199980, volume: expect.any(Number), alarms: { CALIBRATION_DEFAULT: 1, AIR_IN_LINE: 1 }, final_state: 'PERFUSING',
    });
    expect(new Set(lines.map((l) => l.ev))).toEqual(new Set(['pump', 'heater', 'buzzer', 'boot', 'settings', 'selftest', 'state', 'phase', 'reply', 'telemetry', 'alarm', 'summary']));
  });

  it.each([
    ['empty.csv', '', 'empty.csv:1:1: empty file'],
    ['no-tms.csv', 'p_art,t_art\n0,37\n', 'no-tms.csv:1:1: first column must be t_ms, found "p_art"'],
    ['backwards.csv', '# source: synthetic\nt_ms,p_art\n0,1\n100,2\n100,3\n', 'backwards.csv:5:1: t_ms must increase strictly: 100 after 100'],
    ['nan.csv', 't_ms,p_art,t_art\n0,1,37\n10,2,thirty\n', 'nan.csv:3:6: t_art: not a number: "thirty"'],
    ['unknown.csv', 't_ms,p_art,flux\n0,1,2\n', 'unknown.csv:1:12: unknown column "flux"'],
    ['badpin.csv', 't_ms,pin:Z9\n0,1\n', 'badpin.csv:1:6: unknown column "pin:Z9"'],
    ['nopin.csv', 't_ms,pin:C9\n0,1\n', 'nopin.csv:1:6: pin:C9: C9 is not a pin of board pico'],
    // Input that never ends or reaches outside the project.
    ['forever.csv', 't_ms,p_art\n0,150\n1e300,150\n', 'forever.csv:3:1: t_ms out of range: 1e300 (at most 1000000000000)'],
    ['week.csv', 't_ms,p_art\n0,150\n90000000,150\n', 'week.csv:3:1: trace spans more than 24 h (86400000 ms): 90000000 after 0'],
    ['escape.csv', '# board: ../package\nt_ms,p_art\n0,150\n', 'escape.csv:1:10: board: unknown board "../package" (known: pico, wifi)'],
    ['cr.csv', 't_ms,cmd\n0,\n500,"\r"\n', 'cr.csv:3:5: cmd: a line break inside a command cell would send more than one line'],
    // A quoted cell cannot span rows: the file is read line by line, so the quote is unterminated.
    ['lf.csv', 't_ms,cmd\n0,"status\nstart"\n', 'lf.csv:2:3: malformed quoted cell (unterminated quote or text after the closing quote)'],
  ])('rejects %s with exit 2 and one line naming file:line:col', (name, text, message) => {
    const file = write(name, text);
    const r = runCli(['scripts/replay/cli.ts', file, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([path.join(tmp, message)]);
  });

  it.each([['../package'], ['nope']])('rejects --board %s with exit 2, naming the boards there are', (board) => {
    const r = runCli(['scripts/replay/cli.ts', path.join(TRACES, 'estop.csv'), '--json', '--board', board]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`unknown board "${board}" (known: pico, wifi)`);
  });

  it('reports a firmware crash as a crash event and exit 1', () => {
    // A bundle whose timer throws, packaged the way the CLI packages the real one.
    const code = 'setInterval(function(){ notDefinedAnywhere(); }, 100);';
    const upload = write('crash-upload.js', `require("Storage").write(".bootcde",${JSON.stringify(code)},0,${code.length});\nload(".bootcde")\n`);
    const trace = write('short.csv', 't_ms,p_art\n0,0\n1000,0\n');
    const r = runCli(['scripts/replay/cli.ts', trace, '--json', '--upload', upload]);
    expect(r.status).toBe(1);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toEqual({ t: 100, ev: 'crash', message: 'ReferenceError: notDefinedAnywhere is not defined' });
    expect(events[1].ev).toBe('summary');
  });

  it('writes a report and a readable summary', () => {
    const report = path.join(tmp, 'r.md');
    const r = runCli(['scripts/replay/cli.ts', path.join(TRACES, 'estop.csv'), '--report', report]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/alarms {4}CALIBRATION_DEFAULT x1, ESTOP x1/);
    expect(r.stdout).toMatch(/replies {3}8 ok, 1 err/);
    const md = fs.readFileSync(report, 'utf8');
    expect(md).toMatch(/\| alarms raised \| CALIBRATION_DEFAULT x1, ESTOP x1 \|/);
    expect(md).toMatch(/\| 120\.0\d\d \| alarm \| \{"id":"ESTOP","priority":"high","active":true\} \|/);
  });
});
