// What an upload stores. The espruino CLI turns the bundle into a script of
// `require("Storage").write(name, "...", offset[, size])` calls followed by `load(...)`, and
// the string literals hold the stored bytes: for pretokenised code the CLI writes some
// bytes 0x80-0xFF raw there (the build then escapes them). So an upload is read as latin1
// (one char per byte, never utf8) and its literals are decoded by a parser, never by
// evaluating the file.

import { Node, parse } from 'acorn';
import fs from 'node:fs';

/** An upload file's bytes as a string of char codes 0x00-0xFF. */
export function readUpload(file: string): string {
  return fs.readFileSync(file, 'latin1');
}

/**
 * The upload with every byte 0x80-0xFF in its string literals written as `\xHH`. The CLI
 * leaves some token bytes raw there, and raw bytes do not survive every way to a board:
 * the CLI reads the file it sends as UTF-8, and over tcp:// it writes UTF-8, two bytes for
 * each. Escaped, the upload is ASCII and stores the same bytes (the caller checks that with
 * storedFiles). Outside its literals an upload is ASCII, so only literals change.
 */
export function escapeUploadBytes(uploadText: string): string {
  return uploadText.replace(/[\x80-\xff]/g, (c) => '\\x' + c.charCodeAt(0).toString(16));
}

interface LiteralNode extends Node {
  type: 'Literal';
  value: unknown;
}

function literal(node: Node | undefined, kind: 'string' | 'number'): string | number | undefined {
  if (!node || node.type !== 'Literal') return undefined;
  const value = (node as LiteralNode).value;
  return typeof value === kind ? (value as string | number) : undefined;
}

/** `require("Storage").write(...)`'s arguments, or null for any other statement. */
function storageWriteArgs(statement: Node): Node[] | null {
  const s = statement as unknown as { type: string; expression?: { type: string; callee?: Record<string, unknown>; arguments?: Node[] } };
  const call = s.type === 'ExpressionStatement' ? s.expression : undefined;
  if (!call || call.type !== 'CallExpression' || !call.callee || call.callee.type !== 'MemberExpression' || call.callee.computed) return null;
  const property = call.callee.property as { type: string; name?: string };
  const object = call.callee.object as { type: string; callee?: { type: string; name?: string }; arguments?: Node[] };
  if (property.type !== 'Identifier' || property.name !== 'write') return null;
  if (object.type !== 'CallExpression' || object.callee?.type !== 'Identifier' || object.callee.name !== 'require') return null;
  if (object.arguments?.length !== 1 || literal(object.arguments[0], 'string') !== 'Storage') return null;
  return call.arguments ?? null;
}

function isLoad(statement: Node): boolean {
  const s = statement as unknown as { type: string; expression?: { type: string; callee?: { type: string; name?: string }; arguments?: Node[] } };
  const call = s.type === 'ExpressionStatement' ? s.expression : undefined;
  return Boolean(call && call.type === 'CallExpression' && call.callee?.type === 'Identifier' && call.callee.name === 'load' &&
    (call.arguments ?? []).every((a) => literal(a, 'string') !== undefined));
}

class StoredFile {
  bytes: string;
  private readonly written: Uint8Array;

  constructor(size: number) {
    // Flash reads 0xFF where nothing was written.
    this.bytes = '\xff'.repeat(size);
    this.written = new Uint8Array(size);
  }

  write(offset: number, data: string): void {
    this.bytes = this.bytes.substring(0, offset) + data + this.bytes.substring(offset + data.length);
    this.written.fill(1, offset, offset + data.length);
  }

  firstUnwritten(): number {
    return this.written.indexOf(0);
  }
}

/**
 * The files an upload writes to Storage, name -> bytes (chars 0x00-0xFF), as the board's
 * `Storage.write` stores them. Throws on anything else in the upload, on a write outside
 * its file, and on a file the writes leave with unwritten (erased) bytes.
 */
export function storedFiles(uploadText: string, where = 'upload'): Map<string, string> {
  let program: Node & { body: Node[] };
  try {
    program = parse(uploadText, { ecmaVersion: 'latest', sourceType: 'script', locations: true }) as unknown as Node & { body: Node[] };
  } catch (e) {
    throw new Error(`${where}: not a Storage upload: ${(e as Error).message}`);
  }
  const files = new Map<string, StoredFile>();
  for (const statement of program.body) {
    const at = `${where}:${statement.loc?.start.line}`;
    if (isLoad(statement)) continue;
    const args = storageWriteArgs(statement);
    if (!args) throw new Error(`${at}: not a Storage upload: unexpected ${uploadText.substring(statement.start, Math.min(statement.end, statement.start + 60))}`);
    const name = literal(args[0], 'string') as string | undefined;
    const data = literal(args[1], 'string') as string | undefined;
    const offset = literal(args[2], 'number') as number | undefined;
    const size = literal(args[3], 'number') as number | undefined;
    if (name === undefined || data === undefined || args.length > 4 || (args.length >= 3 && offset === undefined) || (args.length === 4 && size === undefined)) {
      throw new Error(`${at}: Storage.write with arguments other than a name, a string and numbers`);
    }
    if (offset === undefined) {
      const file = new StoredFile(data.length);
      file.write(0, data);
      files.set(name, file);
      continue;
    }
    if (size !== undefined) files.set(name, new StoredFile(size));
    const file = files.get(name);
    if (!file) throw new Error(`${at}: ${name} written at ${offset} before a write created it with a size`);
    if (offset < 0 || offset + data.length > file.bytes.length) throw new Error(`${at}: ${name}: ${data.length} bytes at ${offset} go past its ${file.bytes.length} bytes`);
    file.write(offset, data);
  }
  const out = new Map<string, string>();
  for (const [name, file] of files) {
    const gap = file.firstUnwritten();
    if (gap >= 0) throw new Error(`${where}: ${name}: byte ${gap} of ${file.bytes.length} is never written`);
    out.set(name, file.bytes);
  }
  return out;
}

/** The boot code (`.bootcde`) an upload file stores, as bytes. */
export function storedBootCode(uploadFile: string): string {
  const code = storedFiles(readUpload(uploadFile), uploadFile).get('.bootcde');
  if (code === undefined) throw new Error(`${uploadFile}: writes no .bootcde`);
  return code;
}
