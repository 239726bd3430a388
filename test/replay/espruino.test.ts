// The same bundle and traces inside a real Espruino interpreter (Linux build). Runs only
// when ESPRUINO_BIN points at one; otherwise skipped. The interpreter must produce the
// same events as the Node simulation, so every Node replay test speaks for the board.
import fs from 'node:fs';
import path from 'node:path';
import { listBoardNames } from '../../scripts/board/board';
import { crc32 } from '../../scripts/sim/espruinoSim';
import { replayInEspruino } from '../../scripts/replay/espruinoEngine';
import { ReplayEvent, replay } from '../../scripts/replay/replay';
import { parseTrace } from '../../scripts/replay/trace';
import { TRACES, cmdTrace, requireBuild } from '../helpers';

const BIN = process.env.ESPRUINO_BIN;
const describeWithInterpreter = BIN ? describe : describe.skip;

function comparable(events: ReplayEvent[]): string[] {
  return events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
}

describeWithInterpreter('real Espruino interpreter ($ESPRUINO_BIN)', () => {
  beforeAll(() => {
    for (const board of listBoardNames()) requireBuild(board);
  });

  it.each(['air-in-line.csv', 'estop.csv', 'pump-stall.csv', 'lid-open.csv'])('gives the same events as the Node engine for %s', async (name) => {
    const file = path.join(TRACES, name);
    const trace = parseTrace(file, fs.readFileSync(file, 'utf8'));
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    expect(real.crashed).toBe(false);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
    expect(real.summary).toEqual(sim.summary);
  });

  it.each(listBoardNames())('%s: the ADS1115 on I2C gives the same readings, connections and faults as in the Node engine', async (board) => {
    const csv = 't_ms,p_limb,p_sys,level,cmd\n0,12.5,81,700,\n1000,,,,start\n3000,40.2,95.5,690,\n6000,open,,,\n9000,,,,ack\n10000,,short,,\n13000,,,,status\n';
    const trace = parseTrace('ads.csv', csv);
    for (const opts of [{ board }, { board, externalAdcSilentFromMs: 4000 }]) {
      const real = await replayInEspruino(trace, { bin: BIN, ...opts });
      const sim = replay(trace, opts);
      expect(real.crashed).toBe(false);
      expect(comparable(real.events)).toEqual(comparable(sim.events));
      expect(sim.events.filter((e) => e.ev === 'alarm' && e.id === 'SENSOR_FAULT').length).toBeGreaterThan(0);
    }
  });

  it('limit interlocks, the sounder\'s bursts, silence and the fault log in the interpreter\'s own Storage match the Node engine', async () => {
    const rows = ['t_ms,p_art,t_prox,cmd', '0,150,38,', '1000,,,start', '5000,330,,', '6000,150,,', '7000,,,silence', '9000,,,ack', '10000,,,start'];
    for (let s = 12; s <= 20; s++) rows.push(`${s * 1000},,${(38 + (s - 11) * 0.45).toFixed(2)},`);
    rows.push('30000,,,log', '31000,,,status', '33000,,,');
    const trace = parseTrace('limits.csv', rows.join('\n') + '\n');
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    expect(real.crashed).toBe(false);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
    expect(sim.events.filter((e) => e.ev === 'log').length).toBe(2);
  });

  it.each(listBoardNames())('boots the %s bundle from flash and answers commands', async (board) => {
    const csv = cmdTrace([[0, ''], [500, 'status'], [1000, 'flow 9999'], [1500, 'start'], [4000, 'stop'], [6000, '']]);
    const trace = parseTrace('commands.csv', csv);
    const real = await replayInEspruino(trace, { bin: BIN, board, runFrom: 'flash' });
    const sim = replay(trace, { board });
    expect(real.crashed).toBe(false);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
    expect(real.events.filter((e) => e.ev === 'reply').map((e) => String(e.text).split(' ').slice(0, 3).join(' '))).toEqual([
      'ok status state=IDLE', 'err flow range', 'ok start 350', 'ok stop',
    ]);
    expect(real.memory.afterBoot).toBeGreaterThan(0);
  });

  it('calibrates, stores settings in the interpreter\'s own Storage and reads corrupt ones back safely', async () => {
    const csv = cmdTrace([[0, ''], [500, 'tubing 1/2'], [1000, 'calibrate 5'], [40000, 'collected 290'], [41000, 'status']]);
    const trace = parseTrace('cal.csv', csv);
    const real = await replayInEspruino(trace, { bin: BIN });
    const sim = replay(trace);
    expect(comparable(real.events)).toEqual(comparable(sim.events));
    expect(String(real.events.filter((e) => e.ev === 'reply')[2].text)).toMatch(/^ok collected 1\/2 5\d\.\d\d mL\/rev saved$/);
    const corrupt = { 'pump.cfg': '{"v":1,"tubing":0,"stroke":[15,34,60],"span":[1,1,1]}\n12345' };
    const boot = parseTrace('boot.csv', cmdTrace([[0, ''], [100, 'status']]));
    const realBoot = await replayInEspruino(boot, { bin: BIN, storage: corrupt });
    expect(comparable(realBoot.events)).toEqual(comparable(replay(boot, { storage: corrupt }).events));
    expect(realBoot.events.find((e) => e.ev === 'settings')).toMatchObject({ status: 'corrupt: checksum mismatch' });
    // A body that is valid JSON with a valid checksum but no settings object: no crash at boot.
    const nullBody = { 'pump.cfg': 'null\n' + crc32('null') };
    const realNull = await replayInEspruino(boot, { bin: BIN, storage: nullBody });
    expect(realNull.crashed).toBe(false);
    expect(comparable(realNull.events)).toEqual(comparable(replay(boot, { storage: nullBody }).events));
    expect(realNull.events.find((e) => e.ev === 'settings')).toMatchObject({ status: 'corrupt: not an object' });
    expect(realNull.summary.final_state).toBe('IDLE');
  });

  it('reports a crash in the interpreter as a crash event', async () => {
    const fsTmp = fs.mkdtempSync('/tmp/crash-');
    const code = 'setInterval(function(){ notDefinedAnywhere(); }, 100);';
    const upload = path.join(fsTmp, 'upload.js');
    fs.writeFileSync(upload, `require("Storage").write(".bootcde",${JSON.stringify(code)},0,${code.length});\nload(".bootcde")\n`);
    const real = await replayInEspruino(parseTrace('c.csv', 't_ms,p_art\n0,0\n1000,0\n'), { bin: BIN, upload });
    expect(real.crashed).toBe(true);
    const crash = real.events.find((e) => e.ev === 'crash');
    expect(crash!.t).toBe(100);
    expect(String(crash!.message)).toMatch(/notDefinedAnywhere/);
  });
});
