// The long fuzz run: `npm run fuzz -- [--count 10000] [--from 1] [--engine node|espruino]`.
// Seeded random traces (scripts/fuzz/fuzzTraces.ts) through the bundle: in Node, each
// replay is judged by the invariants; with `--engine espruino` (ESPRUINO_BIN set), each is
// also replayed in the real interpreter and every event compared with the Node engine's.
// A failing trace is written to reports/fuzz/fuzz-<seed>.csv to replay by hand; exit 1.
import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { ReplayEvent, replay } from '../replay/replay';
import { replayInEspruino } from '../replay/espruinoEngine';
import { parseTrace } from '../replay/trace';
import { checkInvariants, commandCount, fuzzTrace } from './fuzzTraces';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf('--' + name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const USAGE = 'usage: npm run fuzz -- [--count <n>] [--from <seed>] [--engine node|espruino]';

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const count = Number(option('count', '10000'));
  const from = Number(option('from', '1'));
  const engine = option('engine', 'node');
  if (!(count > 0 && Number.isInteger(count)) || !Number.isInteger(from) || (engine !== 'node' && engine !== 'espruino')) {
    console.error(USAGE);
    return 2;
  }
  if (engine === 'espruino' && !process.env.ESPRUINO_BIN) {
    console.error('fuzz: --engine espruino needs ESPRUINO_BIN, the path of an Espruino interpreter built for Linux');
    return 2;
  }
  const outDir = path.join('reports', 'fuzz');
  const bar = new SingleBar({ format: 'fuzz {bar} {value}/{total} traces, {failed} failed, {duration}s', stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 10000 });
  bar.start(count, 0, { failed: 0 });
  const started = Date.now();
  let failed = 0;
  const comparable = (events: ReplayEvent[]) => events.filter((e) => e.ev !== 'summary').map((e) => JSON.stringify(e));
  for (let seed = from; seed < from + count; seed++) {
    const csv = fuzzTrace(seed);
    const trace = parseTrace(`fuzz-${seed}.csv`, csv);
    const result = replay(trace);
    const problems = checkInvariants(result, commandCount(csv));
    if (engine === 'espruino') {
      const real = await replayInEspruino(trace);
      const a = comparable(real.events);
      const b = comparable(result.events);
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      if (i < a.length || a.length !== b.length) problems.push(`engines differ at event ${i}: interpreter ${a[i] ?? '(none)'} node ${b[i] ?? '(none)'}`);
    }
    if (problems.length > 0) {
      failed++;
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, `fuzz-${seed}.csv`), csv);
      bar.stop();
      console.error(`seed ${seed}: ${problems.join('; ')}`);
      bar.start(count, seed - from + 1, { failed });
    }
    bar.update(seed - from + 1, { failed });
  }
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: ${count} traces (seeds ${from}..${from + count - 1}, engine ${engine}) in ${seconds.toFixed(1)} s: ${failed} failed` +
    (failed ? `; the traces are in ${outDir}/` : ''));
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
