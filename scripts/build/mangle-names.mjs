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
 * and the IO interfaces'). The language's built-ins are kept from TypeScript's lib.es*.d.ts. A name
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
    // board-config.d.ts declares the generated wiring module, which is bundled with the
    // firmware: its record fields are the firmware's own. Other .d.ts files describe the platform.
    else if (entry.name.endsWith('.ts') && (!entry.name.endsWith('.d.ts') || entry.name === 'board-config.d.ts')) out.push(full);
  }
  return out;
}

/** Every identifier in a declaration file: any of them may be a property of the platform. */
function identifiersOf(file) {
  return new Set(fs.readFileSync(file, 'utf8').match(/[A-Za-z_$][\w$]*/g));
}

/**
 * The members of the language's built-in objects (a lib.es*.d.ts): each interface's
 * properties and methods, and the global names. Words in its comments and parameter
 * names are not members and do not count.
 */
function builtinMemberNames(file) {
  const names = new Set();
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const visit = (node) => {
    if ((ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) ||
      ts.isVariableDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
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
 * Words a member may not be renamed to: the interpreter lexes these as keywords even after
 * a dot (`a.in` does not parse there), so the mangler must never produce one.
 */
export const KEYWORDS = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'null', 'of', 'return',
  'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'var', 'void', 'while', 'with', 'yield',
  'async', 'await', 'get', 'set', 'NaN', 'Infinity',
];

/** TypeScript's declarations of the language's built-ins, ES5 to the newest (`Array.prototype.at`, ...). */
function builtinLibs(root) {
  const dir = path.join(root, 'node_modules', 'typescript', 'lib');
  return fs.readdirSync(dir).filter((f) => /^lib\.es[\w.]*\.d\.ts$/.test(f)).map((f) => path.join(dir, f));
}

/** Names of the platform: the language's built-ins, the interpreter members the firmware uses, a stored format's keys. */
function platformNames(root) {
  return new Set([
    ...builtinLibs(root).flatMap((file) => [...builtinMemberNames(file)]),
    ...identifiersOf(path.join(root, 'firmware', 'espruino-extra.d.ts')),
    ...PLATFORM_MEMBERS,
    ...STORED_KEYS,
  ]);
}

/** The names to mangle: declared by the firmware, and none of the platform's. */
export function mangleableNames(root) {
  const platform = platformNames(root);
  return [...declaredMemberNames(path.join(root, 'firmware'))].filter((n) => !platform.has(n)).sort();
}

/**
 * terser's mangle.properties option for those names. `builtins: true` lets the firmware's
 * own members be shortened even where a browser's DOM has a member of that name (`status`,
 * `command`, `reset`); `reserved` then keeps the new short names clear of the platform's
 * members (`at`) and of keywords.
 */
export function manglePropertiesOption(root) {
  const names = mangleableNames(root);
  return { regex: new RegExp(`^(${names.join('|')})$`), builtins: true, reserved: [...platformNames(root), ...KEYWORDS] };
}

/** Every `.name` the firmware's sources read or write: a short name must not be one of them unless it is itself mangled. */
function memberUses(firmwareDir) {
  const counts = new Map();
  for (const file of sourceFiles(firmwareDir)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\.([A-Za-z_$][\w$]*)/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return counts;
}

/** Short identifiers in the order terser's base54 gives them: a..z A..Z $ _, then two characters. */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_';
  const rest = first + '0123456789';
  for (const c of first) yield c;
  for (const a of first) for (const b of rest) yield a + b;
  for (const a of first) for (const b of rest) for (const d of rest) yield a + b + d;
}

/**
 * The short name of every mangleable member, decided once for every bundle the firmware is
 * built into (the resident bundle and the modules it loads on demand must agree: they
 * share the controller's objects). The most used names get the shortest; none is a
 * keyword, a platform name or another member the firmware uses unmangled. As terser's
 * nameCache: `{ props: { props: { $name: short } } }`.
 */
export function propertyNameCache(root) {
  const names = mangleableNames(root);
  const uses = memberUses(path.join(root, 'firmware'));
  const taken = new Set([...platformNames(root), ...KEYWORDS, ...[...uses.keys()].filter((n) => !names.includes(n))]);
  const ordered = [...names].sort((a, b) => (uses.get(b) ?? 0) - (uses.get(a) ?? 0) || (a < b ? -1 : 1));
  const generator = shortNames();
  const props = {};
  for (const name of ordered) {
    let short = generator.next().value;
    while (taken.has(short)) short = generator.next().value;
    props['$' + name] = short;
  }
  return { props: { props } };
}
