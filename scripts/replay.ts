// npm run replay -- <trace.csv> [--board <name>] [--json] [--report <file.md>]
// Replays a trace through the built firmware bundle on a virtual clock.
// Exit status: 0 ran to the end, 2 trace rejected, 1 firmware or harness crashed.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeReport, formatSummary } from './lib/report';
import { ReplayEvent, replay } from './lib/replay';
import { TraceError, loadTrace } from './lib/trace';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      board: { type: 'string' },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      upload: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write('usage: npm run replay -- <trace.csv> [--board <name>] [--json] [--report <file.md>] [--upload <upload.js>]\n');
    return values.help ? 0 : 2;
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
  let result;
  try {
    result = replay(trace, { board: values.board, upload: values.upload, onEvent, keepEvents: Boolean(values.report) || !values.json });
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

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`replay: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
}
