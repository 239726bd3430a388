// The gate as the build runs it: the built bundle passes, and the same bundle with a
// construct the interpreter cannot run fails, naming line and construct.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, requireBuild, runCli } from '../helpers';

const bundle = path.join(ROOT, 'dist', 'pico', 'firmware.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));

beforeAll(() => requireBuild('pico'));

it('passes the built bundles and the interpreter shim', () => {
  const r = runCli(['scripts/build/dialect-check.ts', bundle, path.join(ROOT, 'dist', 'wifi', 'firmware.js'), path.join(ROOT, 'scripts', 'sim', 'board-shim.js')]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/dialect ok: .*firmware\.js/);
});

it.each([
  ['use before declaration', (code: string) => code.replace('!function(){', '!function(){bootLater();function bootLater(){}'), 'use-before-declaration'],
  ['a Map', (code: string) => code.replace('!function(){', '!function(){var registry=new Map();'), 'unsupported-global'],
  ['a default parameter', (code: string) => code.replace('!function(){', '!function(){function f(a=1){return a}f();'), 'default-parameter'],
  ['a spread call', (code: string) => code.replace('!function(){', '!function(){Math.max(...[1,2]);'), 'spread'],
])('fails on %s, naming line and construct', (_name, inject, construct) => {
  const bad = path.join(tmp, `${construct}.js`);
  fs.writeFileSync(bad, '// injected\n' + inject(fs.readFileSync(bundle, 'utf8')));
  const r = runCli(['scripts/build/dialect-check.ts', bad]);
  expect(r.status).toBe(1);
  expect(r.stdout + r.stderr).toMatch(new RegExp(`${construct.replace(/-/g, '-')}`));
  expect(r.stdout + r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:\\d+`));
});
