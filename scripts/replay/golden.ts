// Golden replays: a digest of every bundled trace's `--json` output on every board, kept in
// test/golden/replays.json. A change to the firmware or the harness that changes what a
// trace replays to shows up as a failing test (test/replay/golden.test.ts); when the change
// is meant, `npx tsx scripts/replay/golden.ts --update` writes the new digests and the
// commit that changes them says why.
//   npx tsx scripts/replay/golden.ts [--update]

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listBoardNames } from '../board/board';
import { replay } from './replay';
import { loadTrace } from './trace';

const ROOT = path.resolve(__dirname, '..', '..');
export const GOLDEN_FILE = path.join(ROOT, 'test', 'golden', 'replays.json');
export const TRACE_DIR = path.join(ROOT, 'test', 'traces');

/** sha256 of the replay's JSON Lines, exactly as `npm run replay -- <trace> --json` prints them. */
export function replayDigest(file: string, board: string): string {
  const hash = crypto.createHash('sha256');
  replay(loadTrace(file), { board, keepEvents: false, onEvent: (e) => hash.update(JSON.stringify(e) + '\n') });
  return hash.digest('hex');
}

/** trace file name -> board -> digest, for every bundled trace on every board. */
export function currentDigests(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const name of fs.readdirSync(TRACE_DIR).filter((f) => f.endsWith('.csv')).sort()) {
    out[name] = {};
    for (const board of listBoardNames()) out[name][board] = replayDigest(path.join(TRACE_DIR, name), board);
  }
  return out;
}

if (require.main === module) {
  const digests = currentDigests();
  if (process.argv.includes('--update')) {
    fs.mkdirSync(path.dirname(GOLDEN_FILE), { recursive: true });
    fs.writeFileSync(GOLDEN_FILE, JSON.stringify(digests, null, 2) + '\n');
    process.stdout.write(`golden: wrote ${path.relative(ROOT, GOLDEN_FILE)}\n`);
  } else {
    const stored = fs.existsSync(GOLDEN_FILE) ? JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) : {};
    let same = true;
    for (const [name, boards] of Object.entries(digests)) {
      for (const [board, digest] of Object.entries(boards)) {
        const ok = stored[name]?.[board] === digest;
        same &&= ok;
        process.stdout.write(`${ok ? 'same' : 'DIFFERS'}  ${name} ${board}\n`);
      }
    }
    process.exitCode = same ? 0 : 1;
  }
}
