// The property names terser may shorten in the firmware bundle: the members the firmware
// declares itself (class fields and methods, interface fields), never a name the
// interpreter's API, the language's built-ins or a stored file format uses. The
// interpreter looks properties up by name, walking each object's list: a long name costs
// bytes of the 32 KB budget, extra variable blocks of RAM, and time in every comparison.
// Plain JS because rollup loads it before any TypeScript is compiled.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Keys of stored files (firmware/core/settings.ts): a stored file must outlive a rebuild. */
const STORED_KEYS = ['v', 'tubing', 'stroke', 'span'];

/**
 * Members of the interpreter's objects that the firmware reads or calls and that it also
 * declares itself (a watch event's `state` and the controller's; Storage's read/write/erase
 * and the IO interfaces'). The language's built-ins are kept from lib.es5.d.ts. A name
 * missing here breaks the bundle loudly: the simulated board throws on any member it does
 * not model, and the interpreter tests run the same bundle.
 */
export const PLATFORM_MEMBERS = [
  'state', 'time', 'lastTime', 'read', 'write', 'erase', 'list', 'setup', 'on', 'print', 'println',
  'writeTo', 'readFrom', 'CRC32', 'enableWatchdog', 'kickWatchdog', 'usage', 'total', 'memory',
];

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every identifier in a declaration file: any of them may be a property of the platform. */
function identifiersOf(file) {
  return new Set(fs.readFileSync(file, 'utf8').match(/[A-Za-z_$][\w$]*/g));
}

/** Names of the members the firmware declares (classes and interfaces). */
export function declaredMemberNames(firmwareDir) {
  const names = new Set();
  for (const file of sourceFiles(firmwareDir)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
    const visit = (node) => {
      if (
        (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isPropertySignature(node) || ts.isMethodSignature(node) ||
          ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) &&
        node.name && ts.isIdentifier(node.name) && (ts.isClassLike(node.parent) || ts.isInterfaceDeclaration(node.parent))
      ) {
        names.add(node.name.text);
      }
      // Constructor parameter properties (`private readonly x`).
      if (ts.isParameter(node) && node.modifiers && ts.isConstructorDeclaration(node.parent) && ts.isIdentifier(node.name)) {
        names.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

/**
 * The names to mangle: declared by the firmware, and none of the language's built-ins,
 * the interpreter members the firmware uses, or a stored format's keys.
 */
export function mangleableNames(root) {
  const platform = new Set([
    ...identifiersOf(path.join(root, 'node_modules', 'typescript', 'lib', 'lib.es5.d.ts')),
    ...identifiersOf(path.join(root, 'firmware', 'espruino-extra.d.ts')),
    ...PLATFORM_MEMBERS,
    ...STORED_KEYS,
  ]);
  return [...declaredMemberNames(path.join(root, 'firmware'))].filter((n) => !platform.has(n)).sort();
}

/** terser's mangle.properties option for those names. */
export function manglePropertiesOption(root) {
  const names = mangleableNames(root);
  return { regex: new RegExp(`^(${names.join('|')})$`), builtins: false };
}
