// The operator's command port: a UART that is never the JavaScript console, so nothing
// received on it is evaluated.

import { COMMAND_BAUD, COMMAND_RX, COMMAND_SERIAL, COMMAND_TX, CONSOLE_SERIAL } from 'board-config';

export function openCommandPort(onData: (chunk: string) => void): void {
  // Keep the REPL on its own device even when USB is unplugged (it would otherwise move
  // to the first UART).
  CONSOLE_SERIAL.setConsole(true);
  COMMAND_SERIAL.setup(COMMAND_BAUD, { tx: COMMAND_TX, rx: COMMAND_RX });
  COMMAND_SERIAL.on('data', onData);
}

export function writeLine(line: string): void {
  COMMAND_SERIAL.write(line + '\r\n');
}
