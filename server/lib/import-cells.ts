// Reading the cells of an imported spreadsheet as a person typed them, shared by every
// dictionary import (catalog items, suppliers): a cell reader gives the value or a bilingual
// message, and readRow applies a row's column readers, reporting missing required cells.
import { t, type Text } from '../../core/i18n.js';
import type { Cell } from './xlsx.js';

export type Parsed = { ok: true; value: unknown } | { ok: false; text: Text };

export const ok = (value: unknown): Parsed => ({ ok: true, value });
export const bad = (zh: string, en: string): Parsed => ({ ok: false, text: t(zh, en) });

/** A cell as text: numbers as JavaScript writes them (12.5, 1e+21), booleans as 是/否. */
export function cellText(c: Cell): string {
  if (typeof c === 'boolean') return c ? '是' : '否';
  return String(c).trim();
}

/** Free text of at most `max` characters with no control characters. */
export const freeText =
  (max: number) =>
  (c: Cell): Parsed => {
    const s = cellText(c);
    if (s.length > max) return bad(`不能超过 ${max} 个字`, `at most ${max} characters`);
    if (/\p{Cc}/u.test(s)) return bad('不能包含控制字符', 'no control characters');
    return ok(s);
  };

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

/** 是 / 否 (and y/n, yes/no, true/false, 1/0, √/×). */
export function yesNo(c: Cell): Parsed {
  const s = cellText(c).toLowerCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad(`“${cellText(c)}”应为“是”或“否”`, `"${cellText(c)}" should be 是 (yes) or 否 (no)`);
}

/** A dictionary code: 1–20 of letters, digits, _ and -. */
export function codeCell(c: Cell): Parsed {
  const s = cellText(c);
  if (s.length > 20) return bad('编码最多 20 位', 'A code has at most 20 characters');
  if (!/^[A-Za-z0-9_-]+$/.test(s))
    return bad(`编码“${s}”只能包含字母、数字、_ 和 -`, `The code "${s}" may contain letters, digits, _ and - only`);
  return ok(s);
}

export interface CellColumn<K extends string> {
  header: string;
  key: K;
  required?: boolean;
  /** Reads a non-blank cell. */
  read: (c: Cell) => Parsed;
  /** The value of a blank cell (required columns report "missing" instead). */
  blank?: unknown;
}

/**
 * One row's values by key: each column's cell (found at `position(column)`) read by its
 * reader; a blank required cell and every unreadable cell go to `err(header, text)`.
 */
export function readRow<K extends string>(
  cells: Cell[],
  columns: readonly CellColumn<K>[],
  position: (col: CellColumn<K>) => number,
  err: (column: string, text: Text) => void,
): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const col of columns) {
    const cell = cells[position(col)] ?? null;
    if (cell === null || cell === '') {
      if (col.required) err(col.header, t(`${col.header}不能为空`, `${col.header} is required`));
      else v[col.key] = col.blank;
      continue;
    }
    const p = col.read(cell);
    if (p.ok) v[col.key] = p.value;
    else err(col.header, p.text);
  }
  return v;
}
