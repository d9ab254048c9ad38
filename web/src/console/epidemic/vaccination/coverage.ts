// The coverage table's reading: one row per region, a cell per age group,
// coloured by its rate (a heatmap in a table).
import type { ResponseOf } from '@/api/client'

export type Coverage = ResponseOf<'/api/v1/epidemic/vaccinations/coverage', 'get'>
export type CoverageRow = NonNullable<Coverage['items']>[number]
export type Cell = NonNullable<CoverageRow['cells']>[number]

/** cellOf is a row's cell of vaccine and age group, undefined for none. */
export function cellOf(row: unknown, vaccine: string, group: string): Cell | undefined {
  const cells = (row as Pick<CoverageRow, 'cells'>).cells ?? []
  return cells.find((c) => c.vaccine === vaccine && c.age_group === group)
}

/** heat is a cell's background: white at 0, deep green at 100 %; grey with no residents. */
export function heat(c: Pick<Cell, 'rate' | 'residents'> | undefined): string {
  if (!c || c.residents === 0) return '#f4f4f5'
  const r = Math.max(0, Math.min(1, c.rate))
  const mix = (a: number, b: number) => Math.round(a + (b - a) * r)
  return `rgb(${mix(255, 24)}, ${mix(255, 128)}, ${mix(255, 56)})`
}

/** ink is readable text over heat(c). */
export function ink(c: Pick<Cell, 'rate' | 'residents'> | undefined): string {
  return c && c.residents > 0 && c.rate > 0.55 ? '#fff' : '#303133'
}

/** percent is a rate as "87.5%". */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}
