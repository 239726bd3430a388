// npm run replay -- <trace.csv> [--board <name>] [--json] [--report <file.md>] [--engine node|espruino]
// Replays a trace through the built firmware bundle on a virtual clock, in Node (default)
// or inside a real Espruino interpreter ($ESPRUINO_BIN, Linux build).
// Exit status: 0 ran to the end, 2 trace rejected, 1 firmware or harness crashed.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listBoardNames } from '../board/board';
import { writeReport, formatSummary } from './report';
import { replayInEspruino } from './espruinoEngine';
import { ReplayEvent, ReplayResult, replay } from './replay';
import { TraceError, loadTrace } from './trace';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      board: { type: 'string' },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      upload: { type: 'string' },
      engine: { type: 'string', default: 'node' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write('usage: npm run replay -- <trace.csv> [--board <name>] [--json] [--report <file.md>] [--upload <upload.js>] [--engine node|espruino]\n');
    return values.help ? 0 : 2;
  }
  if (values.engine !== 'node' && values.engine !== 'espruino') {
    process.stderr.write(`unknown engine ${values.engine}: use node or espruino\n`);
    return 2;
  }
  if (values.engine === 'espruino' && !process.env.ESPRUINO_BIN) {
    process.stderr.write('--engine espruino needs ESPRUINO_BIN: the path of an Espruino interpreter built for Linux\n');
    return 2;
  }
  if (values.board !== undefined && !listBoardNames().includes(values.board)) {
    process.stderr.write(`unknown board ${JSON.stringify(values.board)} (known: ${listBoardNames().join(', ')})\n`);
    return 2;
  }
  const file = positionals[0];
  let trace;
  try {
    trace = loadTrace(file);
  } catch (e) {
    if (e instanceof TraceError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  const onEvent = values.json
    ? (e: ReplayEvent) => {
        out.push(JSON.stringify(e) + '\n');
        if (out.length >= 4096) flush();
      }
    : undefined;
  let result: ReplayResult;
  try {
    const opts = { board: values.board, upload: values.upload, onEvent, keepEvents: Boolean(values.report) || !values.json };
    result = values.engine === 'espruino' ? await replayInEspruino(trace, opts) : replay(trace, opts);
  } catch (e) {
    if (e instanceof TraceError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  flush();
  if (!values.json) process.stdout.write(formatSummary(trace, result));
  if (values.report) {
    fs.mkdirSync(path.dirname(path.resolve(values.report)), { recursive: true });
    writeReport(values.report, trace, result, values.board ?? trace.meta.board ?? 'pico');
    if (!values.json) process.stdout.write(`report: ${values.report}\n`);
  }
  return result.crashed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`replay: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
