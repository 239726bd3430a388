// npm run flash -- --board <name> --port <device> [--baud <rate>] [--dry-run]
// Uploads dist/<board>/upload.js (the bundle written to Storage as .bootcde, then load())
// to a board through the espruino CLI. The file is sent as built: the same bytes the
// replays ran. --port also takes tcp://host:port for boards behind a serial server.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { boardPath, listBoardNames } from './lib/board';
import { uploadPath } from './lib/replay';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'node_modules', 'espruino', 'bin', 'espruino-cli.js');

export function flashArgs(board: string, port: string, baud: number): string[] {
  // --no-ble: this is a wired upload; the CLI would otherwise probe Bluetooth over D-Bus.
  return [CLI, '--no-ble', '--port', port, '-b', String(baud), '--board', boardPath(board), uploadPath(board)];
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
  if (!fs.readFileSync(upload, 'utf8').startsWith('require("Storage").write(".bootcde",')) {
    console.error(`flash: ${path.relative(ROOT, upload)} is not a Storage upload; rebuild it`);
    return 2;
  }
  const port = values.port;
  if (port.startsWith('/dev/') && !fs.existsSync(port)) {
    console.error(`flash: ${port} does not exist: is the board plugged in (and is this user allowed to open it)?`);
    return 1;
  }
  const args = flashArgs(board, port, baud);
  if (values['dry-run']) {
    console.log([process.execPath, ...args].join(' '));
    return 0;
  }
  console.log(`flash: uploading ${path.relative(ROOT, upload)} to the ${board} on ${port}`);
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString();
      to.write(chunk);
    };
    child.stdout.on('data', (c: Buffer) => take(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => take(c, process.stderr));
    child.on('exit', (code) => {
      if (/Unable to connect|not found/.test(output) || !/Upload Complete/.test(output)) {
        console.error(`flash: upload to ${port} failed (espruino CLI exit ${code})`);
        resolve(1);
      } else {
        console.log('flash: done; the board now boots this firmware from Storage (.bootcde)');
        resolve(0);
      }
    });
  });
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
