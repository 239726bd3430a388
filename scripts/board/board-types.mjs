// Writes the TypeScript types of the board format from its one description,
// boards/board.schema.json: the host's (scripts/board/boardFileTypes.ts) and the
// firmware's board-config module (firmware/board-config.d.ts, whose exports are listed in
// board-module.mjs). Both files are committed; a test holds them to this output, so a
// change to the schema or the export list that is not regenerated fails.
// From the project root:
//   node scripts/board/board-types.mjs          rewrite both files
//   node scripts/board/board-types.mjs --check  exit 1 when either is stale
import fs from 'node:fs';
import path from 'node:path';
import { BOARD_EXPORTS, BOARD_RECORDS } from './board-module.mjs';
import { SCHEMA_FILE } from './board-file.mjs';

const ROOT = process.cwd();
export const HOST_TYPES_FILE = path.join(ROOT, 'scripts', 'board', 'boardFileTypes.ts');
export const FIRMWARE_TYPES_FILE = path.join(ROOT, 'firmware', 'board-config.d.ts');

/** The interpreter's object a string of the board file becomes in the firmware, by its $defs name. */
const FIRMWARE_OBJECTS = { pin: 'Pin', serial: 'Serial', i2cBus: 'I2C' };

function definition(schema, ref) {
  const m = /^#\/\$defs\/([\w-]+)$/.exec(ref);
  if (!m || !schema.$defs[m[1]]) throw new Error(`board-types: unknown $ref ${ref}`);
  return { name: m[1], def: schema.$defs[m[1]] };
}

/** A JSDoc comment (or nothing) at an indent. */
function doc(text, indent) {
  return text ? `${indent}/** ${text} */\n` : '';
}

/** The host type of a schema node; named $defs (with a title) by name. */
function hostType(schema, node, indent) {
  if (node.$ref) {
    const { def } = definition(schema, node.$ref);
    return def.title ?? hostType(schema, def, indent);
  }
  if (node.enum) return node.enum.map((v) => JSON.stringify(v).replace(/"/g, '\'')).join(' | ');
  switch (node.type) {
    case 'string': return 'string';
    case 'number':
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'array': {
      const item = hostType(schema, node.items, indent);
      return item.includes(' ') ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      if (node.properties) return objectType(schema, node, indent);
      if (typeof node.additionalProperties === 'object') return `Record<string, ${hostType(schema, node.additionalProperties, indent)}>`;
  }
  throw new Error(`board-types: no TypeScript type for ${JSON.stringify(node)}`);
}

function objectType(schema, node, indent) {
  const inner = `${indent}  `;
  const required = node.required ?? [];
  const members = Object.keys(node.properties).map((key) => {
    const p = node.properties[key];
    const optional = required.includes(key) ? '' : '?';
    return `${doc(p.description, inner)}${inner}${key}${optional}: ${hostType(schema, p, inner)};\n`;
  });
  return `{\n${members.join('')}${indent}}`;
}

/** The schema node of a JSON pointer into the schema itself (record members name their field so). */
function schemaAt(schema, pointer) {
  return pointer.split('/').slice(1).reduce((node, key) => {
    if (!node || !(key in node)) throw new Error(`board-types: no ${pointer} in the schema`);
    return node[key];
  }, schema);
}

/**
 * The schema node of a field of the board file (a JSON pointer into a board file), and
 * whether a board may leave it out.
 */
function fieldAt(schema, pointer) {
  let node = schema;
  let optional = false;
  for (const key of pointer.split('/').slice(1)) {
    const target = node.$ref ? definition(schema, node.$ref).def : node;
    const child = target.properties && target.properties[key];
    if (!child) throw new Error(`board-types: the schema has no field ${pointer}`);
    if (!(target.required ?? []).includes(key)) optional = true;
    node = child;
  }
  return { node, optional };
}

/** The type of a field's value in the firmware: pin and device names become the interpreter's objects. */
function firmwareType(schema, node) {
  if (node.$ref) {
    const { name, def } = definition(schema, node.$ref);
    return FIRMWARE_OBJECTS[name] ?? firmwareType(schema, def);
  }
  return hostType(schema, node, '');
}

/** The description of a schema node, its own or that of the definition it refers to. */
function descriptionOf(schema, node) {
  return node.description ?? (node.$ref ? definition(schema, node.$ref).def.description : undefined);
}

export function hostTypesSource(schema) {
  const named = Object.values(schema.$defs).filter((d) => d.title);
  const out = [
    '// Generated from boards/board.schema.json by scripts/board/board-types.mjs: do not edit.',
    '// The board file as the host reads it (board-file.mjs checks every file against the schema).',
    '',
    `${doc(schema.description, '')}export interface BoardFileJson ${objectType(schema, schema, '')}`,
    ...named.map((d) => `\n${doc(d.description, '')}export interface ${d.title} ${objectType(schema, d, '')}`),
  ];
  return out.join('\n') + '\n';
}

function recordSource(schema, name, record) {
  const inner = '    ';
  const lines = record.members.map((m) => {
    const node = m.from ? schemaAt(schema, m.from) : null;
    const type = m.type ?? firmwareType(schema, node);
    const text = m.doc ?? (node ? descriptionOf(schema, node) : undefined);
    return `${doc(text, inner)}${inner}${m.name}${m.optional ? '?' : ''}: ${type};\n`;
  });
  return `${doc(record.doc, '  ')}  export interface ${name} {\n${lines.join('')}  }\n`;
}

function exportSource(schema, e) {
  const indent = '  ';
  if (e.returns) return `${doc(e.doc, indent)}${indent}export function ${e.name}(): ${e.returns};\n`;
  let type = e.type;
  let text = e.doc;
  if (e.from) {
    const { node, optional } = fieldAt(schema, e.from);
    type = type ?? `${firmwareType(schema, node)}${optional ? ' | null' : ''}`;
    text = text ?? descriptionOf(schema, node);
  }
  return `${doc(text, indent)}${indent}export const ${e.name}: ${type};\n`;
}

export function firmwareTypesSource(schema) {
  const line = (text) => `${text}\n`;
  return [
    line('// Generated from boards/board.schema.json and the export list of scripts/board/board-module.mjs'),
    line('// by scripts/board/board-types.mjs: do not edit. The per-board wiring module the build'),
    line('// generates from boards/<board>.json; pins and devices are the interpreter\'s objects.'),
    line('declare module \'board-config\' {'),
    ...Object.keys(BOARD_RECORDS).map((name) => recordSource(schema, name, BOARD_RECORDS[name])),
    ...BOARD_EXPORTS.map((e) => exportSource(schema, e)),
    line('}'),
    line(''),
    line('// Generated at build time (rollup.config.js): which build a bundle and its modules came from.'),
    line('declare module \'build-info\' {'),
    line('  /** A hash of the firmware\'s sources and the board file: the bundle and its modules must match. */'),
    line('  export const BUILD_ID: string;'),
    line('  /** Storage file of the command module (scripts/build/firmware-modules.mjs). */'),
    line('  export const COMMAND_MODULE: string;'),
    line('  /** Storage file of the boot module (scripts/build/firmware-modules.mjs). */'),
    line('  export const BOOT_MODULE: string;'),
    line('}'),
  ].join('');
}

/** Both generated files, by path, from the committed schema. */
export function generatedTypes() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  return { [HOST_TYPES_FILE]: hostTypesSource(schema), [FIRMWARE_TYPES_FILE]: firmwareTypesSource(schema) };
}

function main(args) {
  const files = generatedTypes();
  const stale = Object.keys(files).filter((f) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== files[f]);
  if (args.includes('--check')) {
    for (const f of stale) process.stderr.write(`${path.relative(ROOT, f)} is stale: run node scripts/board/board-types.mjs\n`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const f of stale) {
    fs.writeFileSync(f, files[f]);
    process.stdout.write(`wrote ${path.relative(ROOT, f)}\n`);
  }
  return 0;
}

if (/board-types\.mjs$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
