// A screening list as the officer brings it: a file (xlsx or csv, sent as
// it is), rows pasted from a spreadsheet (tab-separated) or a csv text
// (both sent as a csv file, so that the server reads the headers and
// refuses rows exactly as it does for an upload), or a JSON array of
// persons. The template is the columns the server reads, in Chinese.

/** The list's columns, Chinese header and English name (the server takes either). */
export const COLUMNS = [
  ['姓名', 'name'],
  ['身份证号', 'id_number'],
  ['手机号', 'phone'],
  ['地址', 'address'],
  ['网格编码', 'grid_code'],
  ['来源地', 'origin'],
  ['备注', 'note'],
] as const

const BOM = '\uFEFF'

/** csvCell quotes a cell that needs it (RFC 4180). */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** templateCSV is an empty list with the Chinese headers, with a BOM so that Excel reads it as UTF-8. */
export function templateCSV(): string {
  return BOM + COLUMNS.map(([zh]) => zh).join(',') + '\r\n'
}

/** Pasted text, told apart. */
export type Pasted =
  | { kind: 'json'; persons: Record<string, unknown>[] }
  | { kind: 'csv'; csv: string; rows: number }
  | { kind: 'empty' }
  | { kind: 'bad'; reason: 'json' | 'header' }

/** The header of a pasted table must name the persons (姓名 or name). */
function hasName(header: string[]): boolean {
  return header.some((h) => h.trim() === '姓名' || h.trim().toLowerCase() === 'name')
}

/**
 * readPasted reads what was pasted: a JSON array (or {persons: […]}), else
 * a table whose first line is the header — tab-separated as a spreadsheet
 * copies it, or csv as it is. A tab table is made csv.
 */
export function readPasted(text: string): Pasted {
  const s = text.replace(/^\uFEFF/, '').trim()
  if (!s) return { kind: 'empty' }
  if (s.startsWith('[') || s.startsWith('{')) {
    try {
      const v = JSON.parse(s) as unknown
      const persons = Array.isArray(v) ? v : (v as { persons?: unknown }).persons
      if (!Array.isArray(persons) || persons.some((p) => typeof p !== 'object' || p === null)) return { kind: 'bad', reason: 'json' }
      return { kind: 'json', persons: persons as Record<string, unknown>[] }
    } catch {
      return { kind: 'bad', reason: 'json' }
    }
  }
  const lines = s.split(/\r?\n/).filter((l) => l.trim() !== '')
  const tabs = lines[0].includes('\t')
  if (!hasName(tabs ? lines[0].split('\t') : lines[0].split(','))) return { kind: 'bad', reason: 'header' }
  const csv = tabs ? lines.map((l) => l.split('\t').map((c) => csvCell(c.trim())).join(',')).join('\r\n') : lines.join('\r\n')
  return { kind: 'csv', csv: BOM + csv + '\r\n', rows: lines.length - 1 }
}
