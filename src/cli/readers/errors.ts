/**
 * The wording of bad-input messages: `<file>: <place>: <reason>`, with the place built from
 * {@link BadInputWhere} (line and column; row group, row and column; record batch …).
 * @module
 */
import { BadInputError } from "./types.js";
import type { BadInputWhere } from "./types.js";
import { displayName } from "./source.js";

/** `line 7, column "y"` / `row group 2, row 17 (file row 2097169), column "y"` / `record batch 3, row 5 (file row 196613)` … (rows 0-based, lines 1-based). */
export function place(where: BadInputWhere): string {
  const parts: string[] = [];
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  const group = where.rowGroup !== undefined ? `row group ${where.rowGroup}` : where.recordBatch !== undefined ? `record batch ${where.recordBatch}` : "";
  if (group) {
    parts.push(group);
    if (where.rowInGroup !== undefined) parts.push(`row ${where.rowInGroup}${where.row !== undefined ? ` (file row ${where.row})` : ""}`);
    else if (where.row !== undefined) parts.push(`file row ${where.row}`);
  } else if (where.row !== undefined && where.line === undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column ${JSON.stringify(where.column)}`);
  return parts.join(", ");
}

/** A BadInputError with the message `<file>: <place>: <reason>` (or `<file>: <reason>`). */
export function badInput(where: BadInputWhere, reason: string): BadInputError {
  const p = place(where);
  return new BadInputError(`${displayName(where.file)}: ${p ? `${p}: ` : ""}${reason}`, where, reason);
}

/** A cell's text for a message: JSON-quoted, cut at 40 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The "not a number" family of reasons for a cell's text. */
export function notNumberReason(text: string, kind: "empty" | "nonfinite" | "nan"): string {
  if (kind === "empty") return "empty cell (a number column needs a number in every row)";
  if (kind === "nonfinite") return `non-finite value ${quote(text)} (the metrics need finite numbers)`;
  return `not a number: ${quote(text)}`;
}
