// Board files (boards/<name>.json): the espruino CLI's board description plus the pin
// map and sensor front ends of this pump, described once by boards/board.schema.json
// (docs/boards.md). Read by the simulation, the replay and the packaging step; the
// firmware gets the same data through the generated board module.

import path from 'node:path';
import { listBoards, readBoardFile } from './board-file.mjs';
import type { BoardFileJson } from './boardFileTypes';

// The types are generated from boards/board.schema.json (scripts/board/board-types.mjs).
export type { ChannelSpec, InputWiringSpec } from './boardFileTypes';

/** A board file as loaded: its fields, and the name it was loaded by. */
export interface BoardFile extends BoardFileJson {
  name: string;
}

export const BOARDS_DIR = path.resolve(__dirname, '..', '..', 'boards');
export const DEFAULT_BOARD = 'pico';
export const BOARD_SCHEMA = path.join(BOARDS_DIR, 'board.schema.json');

export function boardPath(name: string): string {
  return path.join(BOARDS_DIR, `${name}.json`);
}

export function loadBoard(name: string): BoardFile {
  const file = boardPath(name);
  // Only the files in boards/: a name is never a path ("../package" would load package.json).
  if (!listBoardNames().includes(name)) {
    const known = listBoardNames();
    throw new Error(`unknown board "${name}" (known: ${known.join(', ')})`);
  }
  // Checked against the schema: a broken file fails here, naming the file and the field.
  return { ...readBoardFile(file, BOARD_SCHEMA), name };
}

export function listBoardNames(): string[] {
  return listBoards(BOARDS_DIR);
}

/** The timer that drives PWM on a pin, or null if the pin has no hardware PWM. */
export function timerOfPin(board: BoardFile, pin: string): string | null {
  for (const timer of Object.keys(board.board.pwmTimers)) {
    if (board.board.pwmTimers[timer].includes(pin)) return timer;
  }
  return null;
}

/** The number part of a pin name: STM32 has one external interrupt line per number. */
export function pinNumber(pin: string): number {
  return Number(pin.substring(1));
}
