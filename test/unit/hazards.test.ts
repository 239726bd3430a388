// The generated documents and the safety case: every alarm of the firmware has a hazard
// entry with a trip test and a near-miss test that exist; every command has its effect;
// docs/profiles.md, docs/commands.md and docs/hazards.md are what the records give today.
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, commandEntries, commandProblems, generatedDocs, hazardProblems, soupProblems, testExists, testSources,
} from '../../scripts/docs/gen-docs';
import { HAZARDS } from '../../scripts/docs/hazardRecords';
import { ALARM_IDS } from '../../firmware/core/safety/alarms';

describe('the safety case', () => {
  const sources = testSources();

  it('has an entry for every alarm, each with a trip and a near-miss test that exist', () => {
    expect(hazardProblems(sources)).toEqual([]);
    expect(HAZARDS.map((h) => h.id).sort()).toEqual([...ALARM_IDS].sort());
  });

  it('fails when a row loses its trip test', () => {
    const file = 'test/replay/limitInterlocks.test.ts';
    const trimmed = { ...sources, [file]: sources[file].replace("it('trips within its bound and takes its action'", "it('renamed'") };
    expect(hazardProblems(trimmed)).toContain(
      'P_ART_HIGH: trip test "trips within its bound and takes its action" not found in test/replay/limitInterlocks.test.ts');
  });

  it('fails when a near-miss test is gone, or its file is', () => {
    const file = 'test/replay/heaterProtection.test.ts';
    const { [file]: _gone, ...rest } = sources;
    expect(_gone).toBeDefined();
    const problems = hazardProblems(rest);
    expect(problems.filter((p) => p.startsWith('HEATER_FAULT:')).length).toBe(2);
  });

  it('takes a title only as the title of a test, not as text elsewhere', () => {
    const ref = { file: 'x.test.ts', title: 'a title' };
    expect(testExists(ref, { 'x.test.ts': "it('a title', () => {});" })).toBe(true);
    expect(testExists(ref, { 'x.test.ts': "it.each([[1]])('a title', () => {});" })).toBe(true);
    expect(testExists(ref, { 'x.test.ts': "// 'a title'\nconst s = 'a title';" })).toBe(false);
  });
});

describe('generated documents', () => {
  it('every command of the firmware has its effect, and no effect lacks its command', () => {
    expect(commandProblems()).toEqual([]);
    expect(commandEntries().length).toBeGreaterThan(15);
  });

  it('every dependency has its SOUP entry, and no entry lacks its dependency', () => {
    expect(soupProblems()).toEqual([]);
  });

  it.each(Object.keys(generatedDocs()))('%s is current (npm run docs)', (file) => {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(generatedDocs()[file]);
  });
});
