// Property mangling of the firmware bundle: only the firmware's own member names are
// shortened; the interpreter's API, the language's built-ins and the stored settings keep
// theirs (a stored file must read back after a rebuild).
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error plain JS module without types
import { declaredMemberNames, mangleableNames, manglePropertiesOption, propertyNameCache } from '../../scripts/build/mangle-names.mjs';
import { ROOT, requireBuild } from '../helpers';

describe('mangled property names', () => {
  const names: string[] = mangleableNames(ROOT);

  it('takes the firmware\'s own members', () => {
    for (const n of ['flowMlMin', 'recount', 'sensorBadMask', 'ratioPerUnit', 'settingsIO', 'channel']) expect(names).toContain(n);
    // Names a browser's DOM also has are the firmware's own here.
    for (const n of ['prompt', 'reset', 'tooLong']) expect(names).toContain(n);
  });

  it('keeps the members of every edition of the language, not only ES5', () => {
    // Error.prototype.cause is ES2022; the interpreter may grow it.
    expect(declaredMemberNames(path.join(ROOT, 'firmware')).has('cause')).toBe(true);
    expect(names).not.toContain('cause');
  });

  it('never renames a member to a keyword or a built-in member', () => {
    const option: { reserved: string[] } = manglePropertiesOption(ROOT);
    for (const n of ['in', 'do', 'if', 'of', 'at', 'length', 'push', 'state']) expect(option.reserved).toContain(n);
  });

  it('never a name of the platform or of a stored file, even where the firmware declares it', () => {
    const declared: Set<string> = declaredMemberNames(path.join(ROOT, 'firmware'));
    // SettingsIO declares read/write and Settings declares tubing/span: still kept.
    for (const n of ['read', 'write', 'tubing', 'span']) expect(declared.has(n)).toBe(true);
    for (const n of ['read', 'write', 'setup', 'length', 'push', 'tubing', 'span', 'stroke', 'v', 'state']) expect(names).not.toContain(n);
  });

  it('the built bundle has no long member name left, and the stored keys intact', () => {
    requireBuild('pico');
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'pico', 'firmware.js'), 'utf8');
    const commands = fs.readFileSync(path.join(ROOT, 'dist', 'pico', 'commands.js'), 'utf8');
    const boot = fs.readFileSync(path.join(ROOT, 'dist', 'pico', 'boot.js'), 'utf8');
    for (const n of ['flowMlMin', 'sensorBadMask', 'sensorFaultMask']) {
      expect(bundle).not.toContain(n);
      expect(commands).not.toContain(n);
      expect(boot).not.toContain(n);
    }
    // The settings are read at boot (the boot module) and written by the commands (the module).
    expect(boot).toMatch(/\.tubing\b/);
    for (const key of ['{"v":', ',"tubing":', ',"stroke":', ',"span":']) expect(commands.includes(key)).toBe(true);
  });

  it('gives a member the same short name in the bundle and in the modules it loads', () => {
    const cache: { props: { props: Record<string, string> } } = propertyNameCache(ROOT);
    const shorts = Object.values(cache.props.props);
    expect(new Set(shorts).size).toBe(shorts.length);
    const option: { reserved: string[] } = manglePropertiesOption(ROOT);
    for (const short of shorts) expect(option.reserved).not.toContain(short);
    // The most used members get the shortest names.
    expect(cache.props.props.$alarms.length).toBe(1);
  });
});
