// README.md's Profiles table against the profile records: every field of the Profile
// interface has a row, in the interface's order, with a source; every profile has a
// column; and every cell shows the record's exact value, as a plain number followed by its
// unit or a note ("350 mL/min", "0 (off)"). Code and documentation cannot drift apart.
import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { PROFILES, Profile } from '../../firmware/core/profiles';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_HEADER = 'source / reasoning';

/** The field names of `interface Profile`, in declaration order, read from its source. */
function interfaceFields(): string[] {
  const file = path.join(ROOT, 'firmware', 'core', 'profiles.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const fields: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'Profile') return;
    for (const member of node.members) {
      if (ts.isPropertySignature(member) && ts.isIdentifier(member.name)) fields.push(member.name.text);
    }
  });
  return fields;
}

/** The cells of a markdown table line: split on '|', the outer empty pieces dropped, trimmed. */
function cells(line: string): string[] {
  return line.trim().slice(1, -1).split('|').map((c) => c.trim());
}

/** The first `code` span of a cell, or the cell itself. */
function codeSpan(cell: string): string {
  const start = cell.indexOf('`');
  const end = start < 0 ? -1 : cell.indexOf('`', start + 1);
  return end < 0 ? cell : cell.slice(start + 1, end);
}

interface DocTable {
  header: string[];
  rows: string[][];
}

/** The first table of the "## Profiles" section whose header starts with "field". */
function profilesTable(): DocTable {
  const lines = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Profiles');
  if (start < 0) throw new Error('README.md has no "## Profiles" section');
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const headerAt = lines.findIndex((l, i) => i > start && i < end && l.trim().startsWith('|') && cells(l)[0] === 'field');
  if (headerAt < 0) throw new Error('the Profiles section has no table whose first column is "field"');
  const header = cells(lines[headerAt]);
  const rows: string[][] = [];
  for (let i = headerAt + 2; i < end && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
  return { header, rows };
}

const FIELDS = interfaceFields();
const TABLE = profilesTable();
const ROW_BY_FIELD = new Map(TABLE.rows.map((r) => [codeSpan(r[0]), r]));

/** The leading token of a value cell: up to the first space. */
function leadingToken(cell: string): string {
  const space = cell.indexOf(' ');
  return space < 0 ? cell : cell.slice(0, space);
}

describe('README.md Profiles table', () => {
  test('the interface is read, and every record has exactly its fields', () => {
    expect(FIELDS.length).toBeGreaterThan(20);
    expect(FIELDS.slice(0, 2)).toEqual(['id', 'kind']);
    for (const p of PROFILES) expect(Object.keys(p).sort()).toEqual([...FIELDS].sort());
  });

  test('header: field, one column per profile in table order, then the source', () => {
    expect(TABLE.header).toEqual(['field', ...PROFILES.map((p) => '`' + p.id + '`'), SOURCE_HEADER]);
  });

  test('every row has as many cells as the header (no stray pipe)', () => {
    for (const row of TABLE.rows) expect({ row: row[0], cells: row.length }).toEqual({ row: row[0], cells: TABLE.header.length });
  });

  test('one row per field of the interface, in its order, and no other rows', () => {
    expect(TABLE.rows.map((r) => codeSpan(r[0]))).toEqual(FIELDS);
  });

  test('every row gives a source or reasoning', () => {
    const source = TABLE.header.indexOf(SOURCE_HEADER);
    for (const field of FIELDS) {
      const row = ROW_BY_FIELD.get(field);
      expect({ field, hasSource: row !== undefined && row[source].length > 10 }).toEqual({ field, hasSource: true });
    }
  });

  describe.each(PROFILES.map((p) => [p.id, p] as [string, Profile]))('%s', (id, profile) => {
    const column = TABLE.header.indexOf('`' + id + '`');
    const record = profile as unknown as Record<string, unknown>;

    test.each(FIELDS)('%s shows the record value', (field) => {
      const row = ROW_BY_FIELD.get(field);
      expect(row).toBeDefined();
      const cell = row![column];
      const value = record[field];
      if (typeof value === 'number') {
        // The value exactly as JavaScript prints it, first in the cell: "0.27 mmHg per mL/min".
        expect({ field, shown: leadingToken(cell) }).toEqual({ field, shown: String(value) });
        expect(Number(leadingToken(cell))).toBe(value);
      } else {
        expect({ field, shown: codeSpan(cell) }).toEqual({ field, shown: String(value) });
      }
    });
  });

  test('a value followed by anything is a unit or a note, never a second number', () => {
    for (const row of TABLE.rows) {
      for (let c = 1; c < TABLE.header.length - 1; c++) {
        const rest = row[c].slice(leadingToken(row[c]).length).trim();
        expect({ row: row[0], rest, numeric: rest !== '' && !isNaN(Number(leadingToken(rest))) }).toEqual({ row: row[0], rest, numeric: false });
      }
    }
  });
});
