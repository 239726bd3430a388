// Stored pretokenised code read back as JavaScript: hand-made token strings for every raw
// form, and the real uploads of every board against their bundles, token for token.
import { tokenizer } from 'acorn';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { listBoardNames, loadBoard } from '../../scripts/board/board';
import { EspruinoSim } from '../../scripts/sim/espruinoSim';
import { byteStringLiteral, detokenise, hasTokenBytes } from '../../scripts/build/pretokenised';
import { storedBootCode } from '../../scripts/build/upload';
import { PICO_BUNDLE_BUDGET_BYTES, budgetNote, checkBudget, checkSameTokens } from '../../scripts/build/package-firmware';
import { ROOT, requireBuild } from '../helpers';

/** What V8 makes of an expression. */
function evaluate(js: string): unknown {
  return vm.runInNewContext(`(${js})`);
}

// Test strings write token bytes as \xHH escapes: one char per byte, as Storage holds them.

describe('detokenise', () => {
  it('reads each token byte as jslex.h numbers it: operators from LEX_EQUAL, reserved words from LEX_R_IF, then ??', () => {
    const table: [number, string][] = [
      [0x8a, '=='], [0x8b, '==='], [0x8d, '!=='], [0x95, '>>>='], [0x98, '++'], [0x99, '--'], [0x9e, '&&'], [0xa0, '||'], [0xa2, '=>'],
      [0xa3, 'if'], [0xa4, 'else'], [0xaa, 'function'], [0xab, 'return'], [0xac, 'var'], [0xae, 'const'], [0xb2, 'catch'],
      [0xb7, 'undefined'], [0xb8, 'new'], [0xbf, 'typeof'], [0xc2, 'class'], [0xc6, 'of'], [0xd0, '??'],
    ];
    for (const [byte, text] of table) expect(detokenise('(' + String.fromCharCode(byte) + ')')).toBe(`(${text})`);
  });

  it('puts a space only where two words would merge', () => {
    expect(detokenise('\xacx=y\xb9z;\xabx')).toBe('var x=y in z;return x');
    expect(detokenise('\xaaf(a){\xaba\x8a\xd4\x05}')).toBe('function f(a){return a==5}');
    expect(detokenise('\xa3(a)\xabb;\xa4\xabc')).toBe('if(a)return b;else return c');
    expect(detokenise('\xab\xd1\x01x')).toBe('return"x"');
    expect(detokenise('x=\xbf y')).toBe('x=typeof y');
    expect(detokenise('\xac\xd4\x05')).toBe('var 5');
    // Operators next to operators: + ++ and - -- keep apart, as the lexer read them.
    expect(detokenise('a+\x98b')).toBe('a+ ++b');
    expect(detokenise('a-\x99b')).toBe('a- --b');
    expect(detokenise('a\x98+b')).toBe('a++ +b');
  });

  it('reads the raw integers: 0, int8 and int16 little-endian, both signed', () => {
    expect(detokenise('[\xd3,\xd4\x01,\xd4\x7f,\xd4\x80,\xd4\xff,\xd5\xe8\x03,\xd5\xff\x7f,\xd5\x00\x80,\xd5\xff\xff]')).toBe('[0,1,127,-128,-1,1000,32767,-32768,-1]');
    expect(evaluate(detokenise('[\xd5\x18\xfc,\xd4\xce]'))).toEqual([-1000, -50]);
  });

  it('keeps a negative integer one value: apart from a - or a word before it, whole before . [ ( **', () => {
    expect(detokenise('a-\xd4\xff')).toBe('a- -1');
    expect(evaluate(detokenise('3-\xd4\xff'))).toBe(4);
    expect(detokenise('x=\xd4\xff')).toBe('x=-1');
    expect(detokenise('\xbc\xd4\xfe:')).toBe('case -2:');
    expect(detokenise('\xab\xd4\xfe')).toBe('return -2');
    expect(evaluate(detokenise('\xd4\xfb.toString()'))).toBe('-5');
    expect(evaluate(detokenise('\xd4\xfe**\xd4\x02'))).toBe(4);
    expect(evaluate(detokenise('\xd4\x05.toString()'))).toBe('5');
    expect(detokenise('\xd4\x05.toString()')).toBe('5 .toString()');
  });

  it('turns raw strings into literals that hold every byte, quotes, backslashes, 0xFF and newlines included', () => {
    expect(detokenise('\xd1\x03a"b')).toBe('"a\\x22b"');
    expect(evaluate(detokenise('\xd1\x05\'"\\\n\r'))).toBe('\'"\\\n\r');
    expect(evaluate(detokenise('[\xd1\x02\xff\x00,\xd1\x01\xd1]'))).toEqual(['\xff\x00', '\xd1']);
    let all = '';
    for (let c = 0; c < 256; c++) all += String.fromCharCode(c);
    const wide = '\xd2\x00\x01' + all;
    expect(evaluate(detokenise(wide))).toBe(all);
    expect(evaluate(detokenise('\xd2\x03\x00abc'))).toBe('abc');
    for (let c = 0; c < 256; c++) expect(evaluate(byteStringLiteral(String.fromCharCode(c, c)))).toBe(String.fromCharCode(c, c));
  });

  it('leaves bytes inside plain strings, templates, regular expressions and comments as they are', () => {
    const code = 'x="\xaa\'",y=\'\xab\\\'\',z=`\xac${1}`,r=/\xad/.source/*\xae*/;// \xaf\n\xabx';
    expect(detokenise(code)).toBe('x="\xaa\'",y=\'\xab\\\'\',z=`\xac${1}`,r=/\xad/.source/*\xae*/;// \xaf\nreturn x');
    // A / after a value divides: what follows is code again.
    expect(detokenise('a=b/c/\xd4\x02')).toBe('a=b/c/2');
  });

  it('refuses a byte that is no token and code that ends inside one', () => {
    expect(() => detokenise('x=\xc7')).toThrow('byte 0xc7 at offset 2 is not a token');
    expect(() => detokenise('x=\x80')).toThrow('not a token');
    expect(() => detokenise('x=\xd6')).toThrow('not a token');
    expect(() => detokenise('x=\xd1\x05ab')).toThrow('ends inside a raw string');
    expect(() => detokenise('x=\xd5\x01')).toThrow('ends inside a raw integer');
  });

  it('is needed only for code with bytes from 0x80', () => {
    expect(hasTokenBytes('var x="abc";')).toBe(false);
    expect(hasTokenBytes('\xacx')).toBe(true);
  });
});

describe('the build\'s check of the stored code against the bundle', () => {
  it('passes a faithful respelling and names the first token that differs', () => {
    expect(() => checkSameTokens('t', 'if (a) { x = -1; y = "\xff" }', '\xa3(a){x=\xd4\xff;y=\xd1\x01\xff}')).not.toThrow();
    // The CLI's tokeniser drops the space in `a- -b` and `-0` loses its sign: both are caught.
    expect(() => checkSameTokens('t', 'x=a- -b', 'x=a--b')).toThrow(/t: the stored \.bootcde does not read back as the bundle: token 3 is/);
    expect(() => checkSameTokens('t', 'x=-0', 'x=\xd3')).toThrow(/token 2 is num 0 instead of/);
  });
});

describe('the simulated board runs stored pretokenised code', () => {
  it('boots a pretokenised .bootcde as the JavaScript it stands for', () => {
    const serial: string[] = [];
    const s = new EspruinoSim(loadBoard('pico'), { onPinOutput: () => undefined, onSerialWrite: (_d, t) => serial.push(t), analogSource: () => 0 });
    s.storage.set('.bootcde', '\xaaf(n){\xabn<\xd3?\xd1\x03neg:\xd1\x02\xff!}Serial1.write(f(\xd4\xff)+f(\xd5\xe8\x03))');
    s.boot();
    expect(serial).toEqual(['neg\xff!']);
  });
});

/** acorn's token stream: type and value, nothing of spacing or spelling. */
function jsTokens(code: string): string[] {
  return [...tokenizer(code, { ecmaVersion: 'latest' })].map((t) => `${t.type.label} ${JSON.stringify((t as unknown as { value: unknown }).value)}`);
}

describe.each(listBoardNames())('the %s upload', (board) => {
  beforeAll(() => requireBuild(board));

  it('stores pretokenised code that reads back as the bundle, token for token', () => {
    const stored = storedBootCode(path.join(ROOT, 'dist', board, 'upload.js'));
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', board, 'firmware.js'), 'utf8');
    expect(hasTokenBytes(stored)).toBe(true);
    // Keywords and number literals become single tokens: at least 5% fewer bytes.
    expect(stored.length).toBeLessThan(bundle.length * 0.95);
    expect(jsTokens(detokenise(stored))).toEqual(jsTokens(bundle));
    if (board === 'pico') {
      expect(stored.length).toBeLessThanOrEqual(PICO_BUNDLE_BUDGET_BYTES);
    }
  });

  it('is ASCII: its token bytes are escaped, so no transport can change them', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist', board, 'upload.js'), 'latin1')).not.toMatch(/[^\x00-\x7f]/);
  });
});

describe('the Pico bundle budget', () => {
  it('fails the build over 32 KB of stored bytes, and passes at exactly 32 KB', () => {
    expect(() => checkBudget(32768)).not.toThrow();
    expect(() => checkBudget(32769)).toThrow(/stores 32769 bytes as \.bootcde, over its budget of 32768/);
  });

  it('reports both measures for the Pico only', () => {
    expect(budgetNote('pico', 32574, 28678)).toBe(' (stored 87.5% of the 32 KB budget; text 99.4%, informational)');
    expect(budgetNote('wifi', 32574, 28678)).toBe('');
  });
});
