// Stored pretokenised code back to JavaScript, for the simulated board (V8 cannot read
// token bytes). Espruino's lexer (src/jslex.h) reads a byte from 0x8A outside a literal as
// one token: operators from LEX_EQUAL, reserved words from LEX_R_IF, `??`, and raw values:
//   0xD1 len bytes       a string of len bytes
//   0xD2 lo hi bytes     a string of lo + 256 * hi bytes
//   0xD3                 the integer 0
//   0xD4 v               a signed 8-bit integer
//   0xD5 lo hi           a signed 16-bit integer, little-endian
// Text between tokens is plain JavaScript and is copied as it is. Inside a plain string,
// template, regular expression or comment a byte >= 0x80 is only a byte, as for the lexer.

/** LEX_EQUAL: the first token byte. */
const FIRST_TOKEN_BYTE = 0x8a;

/** Token bytes from LEX_EQUAL on, in jslex.h's order: operators, then LEX_R_IF .. LEX_R_OF. */
const TOKEN_TEXT = [
  '==', '===', '!=', '!==', '<=', '<<', '<<=', '>=', '>>', '>>>', '>>=', '>>>=', '+=', '-=', '++', '--',
  '*=', '/=', '%=', '&=', '&&', '|=', '||', '^=', '=>',
  'if', 'else', 'do', 'while', 'for', 'break', 'continue', 'function', 'return', 'var', 'let', 'const',
  'this', 'throw', 'try', 'catch', 'finally', 'true', 'false', 'null', 'undefined', 'new', 'in',
  'instanceof', 'switch', 'case', 'default', 'delete', 'typeof', 'void', 'debugger', 'class', 'extends',
  'super', 'static', 'of',
];
const LEX_R_OF = FIRST_TOKEN_BYTE + TOKEN_TEXT.length - 1;
/** jslex.h leaves 10 codes free after LEX_R_OF, then the second operator block. */
const LEX_NULLISH = LEX_R_OF + 10;
const LEX_RAW_STRING8 = LEX_NULLISH + 1;
const LEX_RAW_STRING16 = LEX_NULLISH + 2;
const LEX_RAW_INT0 = LEX_NULLISH + 3;
const LEX_RAW_INT8 = LEX_NULLISH + 4;
const LEX_RAW_INT16 = LEX_NULLISH + 5;

/** Words the lexer turns into tokens after which `/` starts a regex; values are operands. */
const KEYWORDS_BEFORE_REGEX = new Set(TOKEN_TEXT.filter((t) => /^[a-z]/.test(t) && !['true', 'false', 'null', 'undefined'].includes(t)));
/** Single characters after which the lexer reads `/` as a regex (jslex.c, JSLJT_FORWARDSLASH). */
const PUNCTUATION_BEFORE_REGEX = new Set('!%&*+-/<=>?[{}(,;:');

/** Whether stored code needs detokenising: it has bytes 0x80-0xFF, where tokens are. */
export function hasTokenBytes(code: string): boolean {
  return /[\x80-\xff]/.test(code);
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Whether `before` followed directly by `after` would lex differently from the two apart:
 * word characters run into one name or number, `+ +` and `- -` into `++` and `--`, `/` and
 * `/` or `*` into a comment, a number's digits and `.` into a fraction.
 */
function wouldMerge(before: number, after: number): boolean {
  if (isWordChar(before) && isWordChar(after)) return true;
  if (before === after && (before === 0x2b || before === 0x2d)) return true;
  if (before === 0x2f && (after === 0x2f || after === 0x2a)) return true;
  return (isDigit(before) && after === 0x2e) || (before === 0x2e && isDigit(after));
}

/** A JavaScript string literal whose chars are exactly `bytes` (any of 0x00-0xFF). */
export function byteStringLiteral(bytes: string): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) out += bytes[i];
    else out += '\\x' + (c & 0xff).toString(16).padStart(2, '0');
  }
  return out + '"';
}

class Detokeniser {
  private readonly out: string[] = [];
  /** The last char appended (0 at the start): reading it back from a growing string would copy it. */
  private lastChar = 0;
  private i = 0;
  /** A `/` here starts a regular expression (the lexer's rule: after an operator or keyword). */
  private regexAllowed = true;
  /** The last piece was decoded: the next one may need a space to stay a separate token. */
  private lastDecoded = false;

  constructor(private readonly code: string) {}

  run(): string {
    const code = this.code;
    while (this.i < code.length) {
      const c = code.charCodeAt(this.i);
      if (c >= 0x80) this.token(c);
      else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.plain(this.i + 1, this.regexAllowed);
      else if (c === 0x2f && code.charCodeAt(this.i + 1) === 0x2f) this.plain(this.lineEnd(this.i), this.regexAllowed);
      else if (c === 0x2f && code.charCodeAt(this.i + 1) === 0x2a) this.plain(this.commentEnd(this.i), this.regexAllowed);
      else if (c === 0x2f && this.regexAllowed) this.plain(this.quotedEnd(this.i, 0x2f), false);
      else if (c === 0x22 || c === 0x27) this.plain(this.quotedEnd(this.i, c), false);
      else if (c === 0x60) this.plain(this.templateEnd(this.i), false);
      else if (isWordChar(c)) {
        let end = this.i + 1;
        while (end < code.length && isWordChar(code.charCodeAt(end))) end++;
        this.plain(end, KEYWORDS_BEFORE_REGEX.has(code.substring(this.i, end)));
      } else if (c === 0x7c && code.charCodeAt(this.i + 1) === 0x7c) {
        // `||` is an operator token to the lexer (a regex may follow), a lone `|` is not.
        this.plain(this.i + 2, true);
      } else this.plain(this.i + 1, PUNCTUATION_BEFORE_REGEX.has(code[this.i]));
    }
    return this.out.join('');
  }

  /** Appends code[i..end) as it is. */
  private plain(end: number, regexAllowedAfter: boolean): void {
    this.append(this.code.substring(this.i, end), false);
    this.i = end;
    this.regexAllowed = regexAllowedAfter;
  }

  private append(text: string, decoded: boolean): void {
    if (text.length === 0) return;
    if ((decoded || this.lastDecoded) && wouldMerge(this.lastChar, text.charCodeAt(0))) this.out.push(' ');
    this.out.push(text);
    this.lastChar = text.charCodeAt(text.length - 1);
    this.lastDecoded = decoded;
  }

  private byteAt(offset: number, what: string): number {
    if (offset >= this.code.length) throw new Error(`pretokenised code ends inside ${what} at offset ${this.i}`);
    return this.code.charCodeAt(offset);
  }

  private token(c: number): void {
    const at = this.i;
    if (c >= FIRST_TOKEN_BYTE && c <= LEX_R_OF) {
      const text = TOKEN_TEXT[c - FIRST_TOKEN_BYTE];
      this.append(text, true);
      this.i++;
      this.regexAllowed = !['true', 'false', 'null', 'undefined'].includes(text);
    } else if (c === LEX_NULLISH) {
      this.append('??', true);
      this.i++;
      this.regexAllowed = true;
    } else if (c === LEX_RAW_STRING8 || c === LEX_RAW_STRING16) {
      const wide = c === LEX_RAW_STRING16;
      const length = this.byteAt(at + 1, 'a raw string') | (wide ? this.byteAt(at + 2, 'a raw string') << 8 : 0);
      const start = at + (wide ? 3 : 2);
      if (start + length > this.code.length) throw new Error(`pretokenised code ends inside a raw string of ${length} bytes at offset ${at}`);
      this.append(byteStringLiteral(this.code.substring(start, start + length)), true);
      this.i = start + length;
      this.regexAllowed = false;
    } else if (c === LEX_RAW_INT0 || c === LEX_RAW_INT8 || c === LEX_RAW_INT16) {
      let value = 0;
      if (c === LEX_RAW_INT8) value = (this.byteAt(at + 1, 'a raw integer') << 24) >> 24;
      if (c === LEX_RAW_INT16) value = ((this.byteAt(at + 1, 'a raw integer') | (this.byteAt(at + 2, 'a raw integer') << 8)) << 16) >> 16;
      this.i = at + (c === LEX_RAW_INT0 ? 1 : c === LEX_RAW_INT8 ? 2 : 3);
      this.integer(value);
      this.regexAllowed = false;
    } else {
      throw new Error(`pretokenised code: byte 0x${c.toString(16)} at offset ${at} is not a token of Espruino's lexer`);
    }
  }

  /**
   * A raw integer is one literal to the lexer, but `-5` is unary minus and 5 to JavaScript:
   * keep it apart from a word or `-` before it, and in parentheses where what follows would
   * bind to the digits alone (`(-5).x`, `(-5)[i]`, `(-5)**2`).
   */
  private integer(value: number): void {
    if (value >= 0) {
      this.append(String(value), true);
      return;
    }
    let j = this.i;
    while (j < this.code.length && /[ \t\r\n]/.test(this.code[j])) j++;
    const bindsTighter = /^(\.|\[|\(|`|\*\*|\?\.(?![0-9]))/.test(this.code.substring(j, j + 3));
    if (!bindsTighter && isWordChar(this.lastChar)) this.append(' ', false);
    this.append(bindsTighter ? `(${value})` : String(value), true);
  }

  private lineEnd(from: number): number {
    const nl = this.code.indexOf('\n', from);
    return nl < 0 ? this.code.length : nl;
  }

  private commentEnd(from: number): number {
    const close = this.code.indexOf('*/', from + 2);
    return close < 0 ? this.code.length : close + 2;
  }

  /** End of a string or regex from its opening delimiter: past the closing one, or at a newline. */
  private quotedEnd(from: number, delimiter: number): number {
    const code = this.code;
    let i = from + 1;
    while (i < code.length) {
      const c = code.charCodeAt(i);
      if (c === 0x5c) i += 2;
      else if (c === 0x0a) return i;
      else if (c === delimiter) return i + 1;
      else i++;
    }
    return code.length;
  }

  /** End of a template literal as the lexer finds it: the backtick outside every `${...}`. */
  private templateEnd(from: number): number {
    const code = this.code;
    let nesting = 0;
    let i = from + 1;
    while (i < code.length) {
      const c = code.charCodeAt(i);
      if (c === 0x7b && (nesting > 0 || code.charCodeAt(i - 1) === 0x24)) nesting++;
      else if (c === 0x7d && nesting > 0) nesting--;
      else if (c === 0x5c && nesting === 0) i++;
      else if (c === 0x60 && nesting === 0) return i + 1;
      i++;
    }
    return code.length;
  }
}

/**
 * JavaScript that means what the stored pretokenised `code` (chars 0x00-0xFF, one per
 * byte) means to Espruino's lexer. Throws on a byte that is no token, or code that ends
 * inside one.
 */
export function detokenise(code: string): string {
  return new Detokeniser(code).run();
}

