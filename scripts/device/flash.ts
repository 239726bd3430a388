// npm run flash -- --board <name> --port <device> [--baud <rate>] [--dry-run]
// Uploads dist/<board>/upload.js (the pretokenised bundle written to Storage as .bootcde,
// then load()) to a board through the espruino CLI. The file is sent as built: the same
// bytes the replays ran. It is ASCII (token bytes escaped in its string literals), which
// the CLI sends unchanged over a serial port and over tcp:// alike. First the board is
// asked for its Espruino version: the stored code needs MIN_ESPRUINO_VERSION or later, and
// older firmware is refused before anything is written. --port also takes tcp://host:port
// for boards behind a serial server.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { boardPath, listBoardNames } from '../board/board';
import { MIN_ESPRUINO_VERSION, parseEspruinoVersion, versionAtLeast } from './espruinoVersion';
import { uploadPath } from '../replay/replay';
import { readUpload, storedFiles } from '../build/upload';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', 'espruino', 'bin', 'espruino-cli.js');

/** Printed by the board in answer to VERSION_QUERY; an echo of the query itself does not match. */
const VERSION_REPLY = /\{"espruino":"([^"]*)"\}/;
const VERSION_QUERY = 'print(JSON.stringify({espruino:process.env.VERSION}))';

function connectArgs(board: string, port: string, baud: number): string[] {
  // --no-ble: this is a wired upload; the CLI would otherwise probe Bluetooth over D-Bus.
  return [CLI, '--no-ble', '--port', port, '-b', String(baud), '--board', boardPath(board)];
}

/** The CLI evaluating VERSION_QUERY on the board: no reset, nothing written. */
export function versionQueryArgs(board: string, port: string, baud: number): string[] {
  return [...connectArgs(board, port, baud), '-e', VERSION_QUERY];
}

export function flashArgs(board: string, port: string, baud: number): string[] {
  return [...connectArgs(board, port, baud), uploadPath(board)];
}

/** Runs the espruino CLI; its output goes to this terminal too when `echo` is set. */
function runEspruinoCli(args: string[], echo: boolean): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString('latin1');
      if (echo) to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function connected(output: string): boolean {
  return !/Unable to connect|not found/.test(output) && /Upload Complete/.test(output);
}

/** The board's Espruino version, or an error message. */
async function boardVersion(board: string, port: string, baud: number): Promise<{ version: string } | { error: string }> {
  const { code, output } = await runEspruinoCli(versionQueryArgs(board, port, baud), false);
  const m = VERSION_REPLY.exec(output);
  if (!connected(output) || !m) return { error: `flash: upload to ${port} failed: the board did not report its Espruino version (espruino CLI exit ${code})` };
  return { version: m[1] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      board: { type: 'string', default: 'pico' },
      port: { type: 'string' },
      baud: { type: 'string', default: '115200' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const board = values.board as string;
  if (!listBoardNames().includes(board)) {
    console.error(`flash: unknown board "${board}" (boards: ${listBoardNames().join(', ')})`);
    return 2;
  }
  if (!values.port) {
    console.error('flash: --port is required, e.g. --port /dev/ttyACM0 (Linux), /dev/tty.usbmodem* (macOS), COM3 (Windows)');
    return 2;
  }
  const baud = Number(values.baud);
  if (!Number.isInteger(baud) || baud <= 0) {
    console.error(`flash: bad --baud ${values.baud}`);
    return 2;
  }
  const upload = uploadPath(board);
  if (!fs.existsSync(upload)) {
    console.error(`flash: ${path.relative(ROOT, upload)} not found: run \`npm run build\` first`);
    return 2;
  }
  const uploadText = readUpload(upload);
  try {
    if (!storedFiles(uploadText, upload).has('.bootcde')) throw new Error('it writes no .bootcde');
  } catch (e) {
    console.error(`flash: ${path.relative(ROOT, upload)} is not a Storage upload (${(e as Error).message}); rebuild it`);
    return 2;
  }
  // The CLI reads the file as UTF-8 and writes UTF-8 over tcp://: a raw byte 0x80-0xFF
  // would reach the board as other bytes.
  const raw = /[^\x00-\x7f]/.exec(uploadText);
  if (raw) {
    console.error(`flash: ${path.relative(ROOT, upload)} has a raw byte 0x${raw[0].charCodeAt(0).toString(16)} at offset ${raw.index}, which the CLI would not send as it is; rebuild it`);
    return 2;
  }
  const port = values.port;
  if (port.startsWith('/dev/') && !fs.existsSync(port)) {
    console.error(`flash: ${port} does not exist: is the board plugged in (and is this user allowed to open it)?`);
    return 1;
  }
  if (values['dry-run']) {
    console.log([process.execPath, ...versionQueryArgs(board, port, baud)].join(' '));
    console.log([process.execPath, ...flashArgs(board, port, baud)].join(' '));
    return 0;
  }
  const found = await boardVersion(board, port, baud);
  if ('error' in found) {
    console.error(found.error);
    return 1;
  }
  if (!versionAtLeast(found.version, MIN_ESPRUINO_VERSION)) {
    const what = parseEspruinoVersion(found.version) ? `Espruino ${found.version}` : `an Espruino version that cannot be read (${JSON.stringify(found.version)})`;
    console.error(`flash: the board on ${port} runs ${what}; this firmware is stored pretokenised and needs Espruino ${MIN_ESPRUINO_VERSION} ` +
      'or later. Nothing was written: update the board\'s Espruino firmware (https://www.espruino.com/Download), then flash again.');
    return 1;
  }
  console.log(`flash: uploading ${path.relative(ROOT, upload)} to the ${board} on ${port} (Espruino ${found.version})`);
  const { code, output } = await runEspruinoCli(flashArgs(board, port, baud), true);
  if (!connected(output)) {
    console.error(`flash: upload to ${port} failed (espruino CLI exit ${code})`);
    return 1;
  }
  console.log('flash: done; the board now boots this firmware from Storage (.bootcde)');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`flash: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
