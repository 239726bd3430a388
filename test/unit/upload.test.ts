// Reading what an upload stores, without running it; and the Espruino versions flash accepts.
import { MIN_ESPRUINO_VERSION, parseEspruinoVersion, versionAtLeast } from '../../scripts/device/espruinoVersion';
import { escapeUploadBytes, storedFiles } from '../../scripts/build/upload';

describe('storedFiles', () => {
  it('assembles a file from chunked writes, decoding every escape as the lexer does', () => {
    const upload = 'require("Storage").write(".bootcde","ab\\x01\\0\\5c\\xff",0,11);\n' +
      'require("Storage").write(".bootcde","\\"\\\\\\n\\t",7);\nload(".bootcde")\n';
    expect(storedFiles(upload).get('.bootcde')).toBe('ab\x01\x00\x05c\xff"\\\n\t');
  });

  it('takes raw bytes 0x80-0xFF in a literal as they are (the file is read as latin1)', () => {
    expect(storedFiles('require("Storage").write("f","\xaa\xd1\xff");').get('f')).toBe('\xaa\xd1\xff');
  });

  it('refuses anything but Storage writes and load, without running it', () => {
    expect(() => storedFiles('require("Storage").write("f","a");\nprocess.exit(1);', 'u.js')).toThrow('u.js:2: not a Storage upload: unexpected process.exit(1)');
    expect(() => storedFiles('require("Storage").write("f",String(1));')).toThrow('other than a name, a string and numbers');
    expect(() => storedFiles('require("fs").write("f","a");')).toThrow('not a Storage upload');
    expect(() => storedFiles('require("Storage").write("f","a"')).toThrow('not a Storage upload');
  });

  it('refuses writes outside the file and a file left with unwritten bytes', () => {
    expect(() => storedFiles('require("Storage").write("f","abc",0,2);')).toThrow('f: 3 bytes at 0 go past its 2 bytes');
    expect(() => storedFiles('require("Storage").write("f","ab",2);')).toThrow('f written at 2 before a write created it with a size');
    expect(() => storedFiles('require("Storage").write("f","ab",0,4);')).toThrow('f: byte 2 of 4 is never written');
  });
});

describe('escapeUploadBytes', () => {
  it('writes bytes 0x80-0xFF as \\xHH: the upload becomes ASCII and stores the same bytes', () => {
    let all = '';
    for (let c = 0; c < 256; c++) if (c !== 0x22 && c !== 0x5c && c !== 0x0a && c !== 0x0d) all += String.fromCharCode(c);
    const upload = `require("Storage").write(".bootcde","${all}",0,${all.length});`;
    const escaped = escapeUploadBytes(upload);
    expect(escaped).not.toMatch(/[^\x00-\x7f]/);
    expect(storedFiles(escaped).get('.bootcde')).toBe(all);
    expect(escapeUploadBytes('"\xaab\xff"')).toBe('"\\xaab\\xff"');
  });
});

describe('Espruino versions', () => {
  it('reads releases and builds after a release', () => {
    expect(parseEspruinoVersion('2v29')).toEqual([2, 29, 0]);
    expect(parseEspruinoVersion('2v25.396')).toEqual([2, 25, 396]);
    expect(parseEspruinoVersion('unknown')).toBeNull();
  });

  it('accepts 2v25.396 and later for pretokenised code', () => {
    expect(MIN_ESPRUINO_VERSION).toBe('2v25.396');
    for (const v of ['2v25.396', '2v25.400', '2v26', '2v29', '2v29.277', '3v00']) expect(versionAtLeast(v, MIN_ESPRUINO_VERSION)).toBe(true);
    for (const v of ['2v25', '2v25.395', '2v24.900', '2v20.48', '1v99', '', 'undefined']) expect(versionAtLeast(v, MIN_ESPRUINO_VERSION)).toBe(false);
  });
});
