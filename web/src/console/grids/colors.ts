// Colouring grids on the map by a figure: class breaks from the figures'
// quantiles, a sequential ramp, and the legend that explains it.
import type { Grid } from './types'

/** How the map colours grids: by level (one colour) or by a figure. */
export const COLOR_MODES = ['level', 'residents', 'key_populations', 'households', 'members'] as const
export type ColorMode = (typeof COLOR_MODES)[number]

/** The ramp, light to dark, for up to five classes. */
export const RAMP = ['#fee8c8', '#fdbb84', '#fc8d59', '#e34a33', '#b30000']

/** The colour of grids that have nothing to count (zero). */
export const ZERO_COLOR = '#e4e7ed'

/** figureOf is the number a mode colours a grid by (0 for level). */
export function figureOf(g: Pick<Grid, 'counts' | 'members_count'>, mode: ColorMode): number {
  switch (mode) {
    case 'residents':
      return g.counts?.residents ?? 0
    case 'key_populations':
      return g.counts?.key_populations ?? 0
    case 'households':
      return g.counts?.households ?? 0
    case 'members':
      return g.members_count ?? 0
    default:
      return 0
  }
}

/**
 * classBreaks splits the positive values into at most `classes` classes and
 * returns each class's inclusive upper bound, ascending: one class per value
 * when there are that few distinct ones, else classes of about equal size
 * (quantiles). Zeros get a class of their own (see classOf). Empty when
 * nothing is positive.
 */
export function classBreaks(values: number[], classes = RAMP.length): number[] {
  const pos = values.filter((v) => v > 0).sort((a, b) => a - b)
  const distinct = pos.filter((v, i) => i === 0 || v !== pos[i - 1])
  if (distinct.length <= classes) return distinct
  const out: number[] = []
  for (let i = 1; i <= classes && pos.length; i++) {
    const q = pos[Math.ceil((i / classes) * pos.length) - 1]
    if (!out.length || q > out[out.length - 1]) out.push(q)
  }
  return out
}

/** classOf is the class of v under breaks: -1 for zero (or less), else the first break v does not exceed. */
export function classOf(v: number, breaks: number[]): number {
  if (v <= 0) return -1
  const i = breaks.findIndex((b) => v <= b)
  return i < 0 ? breaks.length - 1 : i
}

/** colorOf is the fill for v under breaks, spreading the classes over the ramp. */
export function colorOf(v: number, breaks: number[]): string {
  const c = classOf(v, breaks)
  if (c < 0) return ZERO_COLOR
  if (breaks.length <= 1) return RAMP[2] // one class: a middle tone, not the alarm of the darkest
  return RAMP[Math.round((c * (RAMP.length - 1)) / (breaks.length - 1))]
}

export interface LegendEntry {
  color: string
  label: string
}

/**
 * legendOf lists each class with its colour and range, zero first. A class's
 * range starts at the smallest of values in it (or past the class below when
 * values are not given), so that a lone value reads as itself.
 */
export function legendOf(breaks: number[], values?: number[]): LegendEntry[] {
  const out: LegendEntry[] = [{ color: ZERO_COLOR, label: '0' }]
  let lo = 1
  breaks.forEach((b, i) => {
    const inClass = values?.filter((v) => classOf(v, breaks) === i)
    if (inClass?.length) lo = Math.min(...inClass)
    out.push({ color: colorOf(b, breaks), label: lo >= b ? String(b) : `${lo}–${b}` })
    lo = b + 1
  })
  return out
}

/** formatArea shows m² as km² above 0.1 km², else m². */
export function formatArea(m2: number): { value: string; unit: 'km2' | 'm2' } {
  if (m2 >= 100_000) return { value: (m2 / 1_000_000).toFixed(2), unit: 'km2' }
  return { value: String(Math.round(m2)), unit: 'm2' }
}
