// Types of board-file.mjs (plain JS, so rollup can load it): the board file is the type
// generated from boards/board.schema.json.
import type { BoardFileJson } from './boardFileTypes';

/** boards/board.schema.json from the working directory (the default of the functions below). */
export const SCHEMA_FILE: string;
/** Every problem of a parsed board file as "<field path> <what is wrong>"; empty when good. */
export function boardProblems(data: unknown, schemaFile?: string): string[];
/** Reads a board file and checks it against the schema; throws naming the file and each field at fault. */
export function readBoardFile(file: string, schemaFile?: string): BoardFileJson;
/** The boards in a folder: each <name>.json beside the schema. */
export function listBoards(dir: string): string[];
