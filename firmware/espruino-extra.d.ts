// Declarations the interpreter provides but @types/espruino 1.95 lacks or gets wrong.
// Checked against the interpreter's own documentation (espruino.com/Reference).

declare function setInterval(callback: () => void, timeoutMs: number): number;
declare function setTimeout(callback: () => void, timeoutMs: number): number;
declare function pinMode(pin: Pin, mode: string, automatic?: boolean): void;
declare function peek32(addr: number): number;
declare function poke32(addr: number, value: number): void;

declare namespace E {
  /** Hardware watchdog; `isAuto` false = the program must call E.kickWatchdog(). Cannot be stopped. */
  function enableWatchdog(timeoutS: number, isAuto: boolean): void;
  function CRC32(data: string | ArrayBuffer | Uint8Array): number;
  /** Raised when the interpreter sets an error flag: 'MEMORY' (out of memory), 'CALLBACK' (a callback threw and was removed)... */
  function on(event: 'errorFlag', callback: (flags: string[]) => void): void;
}

declare namespace process {
  /** An exception no code caught. */
  function on(event: 'uncaughtException', callback: (e: unknown) => void): void;
}

interface EspruinoStorage {
  read(name: string, offset?: number, length?: number): string | undefined;
  readJSON(name: string, noExceptions?: boolean): unknown;
  write(name: string, data: string, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: unknown): boolean;
  erase(name: string): void;
  list(pattern?: string): string[];
  getFree(): number;
}

declare function require(module: 'Storage'): EspruinoStorage;

/** digitalRead of a pin list: a number with the last pin in the least significant bit. */
declare function digitalRead(pins: Pin[]): number;
