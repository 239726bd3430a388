// Turns the byte stream of the command port into lines of at most MAX_LINE characters.
// A longer line is dropped up to its newline and reported once, so a flood of garbage
// can neither grow memory nor be executed in pieces.

export const MAX_LINE_CHARS = 80;

export interface LineSink {
  line(text: string): void;
  tooLong(): void;
}

export class LineAssembler {
  private pending = '';
  private discarding = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk.charCodeAt(i) !== 10) continue;
      this.finish(chunk.substring(start, i));
      start = i + 1;
    }
    if (start < chunk.length) this.append(chunk.substring(start));
  }

  private append(part: string): void {
    if (this.discarding) return;
    this.pending += part;
    // Allow one extra character for a trailing '\r' of a CRLF line end.
    if (this.pending.length > MAX_LINE_CHARS + 1) {
      this.pending = '';
      this.discarding = true;
    }
  }

  private finish(lastPart: string): void {
    this.append(lastPart);
    let text = this.pending;
    const wasDiscarding = this.discarding;
    this.pending = '';
    this.discarding = false;
    if (wasDiscarding) {
      this.sink.tooLong();
      return;
    }
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.substring(0, text.length - 1);
    if (text.length > MAX_LINE_CHARS) {
      this.sink.tooLong();
      return;
    }
    this.sink.line(text);
  }
}
