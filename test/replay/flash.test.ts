// npm run flash against a pseudo-terminal: socat joins a TCP port (the espruino CLI's
// serial-server transport) to a pty, and a stand-in board on the pty records the bytes
// and answers with a console prompt. The CLI only opens serial devices that the OS lists,
// which a pty is not, hence the TCP leg.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { storedBootCode, storedFiles } from '../../scripts/build/upload';
import { ROOT, requireBuild, runCli, runCliAsync } from '../helpers';

const haveSocat = spawnSync('sh', ['-c', 'command -v socat']).status === 0;
const describeWithSocat = haveSocat ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface FakeBoard {
  port: number;
  received: () => string;
  stop: () => void;
}

/**
 * socat listens on a TCP port and, for each connection the CLI makes (the version query,
 * then the upload), opens a new pty; the stand-in board attaches to each pty as it appears.
 * Bytes are kept as latin1, one char per byte, as the board stores them.
 */
async function fakeBoard(espruinoVersion = '2v29'): Promise<FakeBoard> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-pty-'));
  const pty = path.join(dir, 'board');
  const port = await freePort();
  const socat: ChildProcess = spawn('socat', [`tcp-listen:${port},reuseaddr,fork,bind=127.0.0.1`, `pty,raw,echo=0,link=${pty}`], { stdio: 'ignore' });
  let received = '';
  let stopped = false;
  let attachedLink = '';
  const attach = () => {
    if (stopped) return;
    setTimeout(attach, 20);
    let link = '';
    try {
      // socat replaces the link for each connection; pty numbers and inodes get reused, so
      // a new link is told by its change time as well.
      const st = fs.lstatSync(pty);
      link = `${fs.readlinkSync(pty)} ${st.ino} ${st.ctimeMs}`;
    } catch {
      return;
    }
    if (link === attachedLink) return;
    attachedLink = link;
    const fd = fs.openSync(pty, 'r+');
    const rs = fs.createReadStream('', { fd, autoClose: true });
    rs.on('error', () => undefined);
    let pending = '';
    rs.on('data', (d: Buffer | string) => {
      const text = typeof d === 'string' ? d : d.toString('latin1');
      received += text;
      pending += text;
      if (!/[\r\n\x03]/.test(text)) return;
      const reply = pending.includes('process.env.VERSION') ? `\r\n{"espruino":"${espruinoVersion}"}\r\n>` : '\r\n>';
      pending = '';
      fs.write(fd, reply, () => undefined);
    });
  };
  attach();
  // Wait until socat listens, without connecting (every connection opens a pty).
  const hexPort = ':' + port.toString(16).toUpperCase().padStart(4, '0');
  for (let i = 0; i < 100; i++) {
    const listening = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').some((l) => l.includes(hexPort) && / 0A /.test(l));
    if (listening) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    port,
    received: () => received,
    stop: () => {
      stopped = true;
      socat.kill('SIGKILL');
    },
  };
}

describeWithSocat('npm run flash through a pseudo-terminal', () => {
  beforeAll(() => requireBuild('pico'));

  it('sends the built upload verbatim and reports success', async () => {
    const board = await fakeBoard();
    try {
      const r = await runCliAsync(['scripts/device/flash.ts', '--board', 'pico', '--port', `tcp://127.0.0.1:${board.port}`]);
      expect(r.stdout).toMatch(/Upload Complete/);
      expect(r.status).toBe(0);
      const uploadFile = path.join(ROOT, 'dist', 'pico', 'upload.js');
      const upload = fs.readFileSync(uploadFile, 'latin1');
      // ASCII, so that the CLI sends it unchanged (it writes UTF-8 over tcp://).
      expect(upload).not.toMatch(/[^\x00-\x7f]/);
      // The CLI prefixes each line with DLE (echo off for that line) and may add cursor codes.
      const clean = board.received().replace(/\x10/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
      for (const line of upload.trim().split('\n')) expect(clean).toContain(line.trim());
      // What arrived stores exactly the pretokenised bytes the replays booted.
      const arrived = clean.split(/\r?\n/).filter((l) => l.startsWith('require("Storage").write(')).join('\n');
      expect(storedFiles(arrived).get('.bootcde')).toBe(storedBootCode(uploadFile));
      expect(clean.indexOf('process.env.VERSION')).toBeLessThan(clean.indexOf('reset();'));
      expect(clean.indexOf('reset();')).toBeLessThan(clean.indexOf('require("Storage").write(".bootcde"'));
    } finally {
      board.stop();
    }
  });

  it('refuses a board whose Espruino is too old for pretokenised code, writing nothing', async () => {
    const board = await fakeBoard('2v25.395');
    try {
      const r = await runCliAsync(['scripts/device/flash.ts', '--board', 'pico', '--port', `tcp://127.0.0.1:${board.port}`]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/runs Espruino 2v25\.395; this firmware is stored pretokenised and needs Espruino 2v25\.396 or later/);
      expect(board.received()).toContain('process.env.VERSION');
      expect(board.received()).not.toContain('Storage');
      expect(board.received()).not.toContain('reset()');
    } finally {
      board.stop();
    }
  });

  it('fails clearly when nothing answers on the port', async () => {
    const closed = await freePort();
    const r = runCli(['scripts/device/flash.ts', '--board', 'pico', '--port', `tcp://127.0.0.1:${closed}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/flash: upload to tcp:\/\/127\.0\.0\.1:\d+ failed/);
  });
});

describe('npm run flash arguments', () => {
  it('refuses a missing port, an unknown board and a device that does not exist', () => {
    expect(runCli(['scripts/device/flash.ts', '--board', 'pico']).stderr).toMatch(/--port is required/);
    const unknown = runCli(['scripts/device/flash.ts', '--board', 'uno', '--port', '/dev/null']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown board "uno"/);
    const absent = runCli(['scripts/device/flash.ts', '--board', 'pico', '--port', '/dev/ttyACM97']);
    expect(absent.status).toBe(1);
    expect(absent.stderr).toMatch(/\/dev\/ttyACM97 does not exist/);
  });

  it('prints the CLI command it would run', () => {
    const r = runCli(['scripts/device/flash.ts', '--board', 'wifi', '--port', '/dev/null', '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/espruino-cli\.js --no-ble --port \/dev\/null -b 115200 --board \S+boards\/wifi\.json -e \S*process\.env\.VERSION/);
    expect(r.stdout).toMatch(/espruino-cli\.js --no-ble --port \/dev\/null -b 115200 --board \S+boards\/wifi\.json \S+dist\/wifi\/upload\.js/);
  });
});
