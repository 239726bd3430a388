// Every bundled trace replays, on every board, to the same JSON Lines as recorded in
// test/golden/replays.json (see scripts/replay/golden.ts for how to update it on purpose).
import fs from 'node:fs';
import { GOLDEN_FILE, currentDigests } from '../../scripts/replay/golden';
import { requireBuild } from '../helpers';

it('replays every bundled trace to its golden output', () => {
  requireBuild('pico');
  requireBuild('wifi');
  expect(currentDigests()).toEqual(JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')));
});
