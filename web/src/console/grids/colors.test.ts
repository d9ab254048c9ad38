import { describe, expect, it } from 'vitest'
import { RAMP, ZERO_COLOR, classBreaks, classOf, colorOf, figureOf, formatArea, legendOf } from './colors'

describe('grid colouring', () => {
  it('breaks the positive values into quantile classes', () => {
    expect(classBreaks([])).toEqual([])
    expect(classBreaks([0, 0])).toEqual([])
    expect(classBreaks([3])).toEqual([3])
    expect(classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8, 10])
    expect(classBreaks([0, 0, 5, 5, 5, 5, 100])).toEqual([5, 100])
    expect(classBreaks([10, 1, 7, 3], 2)).toEqual([3, 10])
    // few distinct values: one class each, however skewed
    expect(classBreaks([1, 2, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual([1, 2, 3])
    expect(classBreaks([1, 1, 1, 1, 1, 1, 1, 2, 3, 9, 20, 40])).toEqual([1, 2, 9, 40])
  })

  it('puts each value in its class and colour', () => {
    const b = [2, 4, 6, 8, 10]
    expect(classOf(0, b)).toBe(-1)
    expect(classOf(1, b)).toBe(0)
    expect(classOf(2, b)).toBe(0)
    expect(classOf(3, b)).toBe(1)
    expect(classOf(11, b)).toBe(4)
    expect(colorOf(0, b)).toBe(ZERO_COLOR)
    expect(colorOf(1, b)).toBe(RAMP[0])
    expect(colorOf(10, b)).toBe(RAMP[4])
    expect(colorOf(100, [5, 100])).toBe(RAMP[4])
    expect(colorOf(5, [5, 100])).toBe(RAMP[0])
    expect(colorOf(7, [7])).toBe(RAMP[2])
  })

  it('starts a range at the smallest value in it', () => {
    expect(legendOf([3], [3, 3, 0])).toEqual([
      { color: ZERO_COLOR, label: '0' },
      { color: RAMP[2], label: '3' },
    ])
    expect(legendOf([2, 9], [2, 2, 5, 9])).toEqual([
      { color: ZERO_COLOR, label: '0' },
      { color: RAMP[0], label: '2' },
      { color: RAMP[4], label: '5–9' },
    ])
  })

  it('labels the legend with ranges', () => {
    expect(legendOf([2, 4, 5])).toEqual([
      { color: ZERO_COLOR, label: '0' },
      { color: RAMP[0], label: '1–2' },
      { color: RAMP[2], label: '3–4' },
      { color: RAMP[4], label: '5' },
    ])
  })

  it('reads the figure of a mode', () => {
    const g = { counts: { residents: 5, households: 2, buildings: 1, key_populations: 3 }, members_count: 4 }
    expect(figureOf(g, 'residents')).toBe(5)
    expect(figureOf(g, 'households')).toBe(2)
    expect(figureOf(g, 'key_populations')).toBe(3)
    expect(figureOf(g, 'members')).toBe(4)
    expect(figureOf(g, 'level')).toBe(0)
  })

  it('formats areas', () => {
    expect(formatArea(1_229_812)).toEqual({ value: '1.23', unit: 'km2' })
    expect(formatArea(5_432.4)).toEqual({ value: '5432', unit: 'm2' })
  })
})
