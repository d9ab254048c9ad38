import { describe, expect, it } from 'vitest'
import { cellOf, heat, ink, percent } from './coverage'

describe('coverage cells', () => {
  const row = {
    cells: [
      { vaccine: 'covid19', age_group: '0-2', residents: 0, people: 0, doses: 0, rate: 0 },
      { vaccine: 'covid19', age_group: '18-59', residents: 4, people: 3, doses: 5, rate: 0.75 },
    ],
  }
  it('finds a cell by vaccine and group', () => {
    expect(cellOf(row, 'covid19', '18-59')?.people).toBe(3)
    expect(cellOf(row, 'mmr', '18-59')).toBeUndefined()
  })
  it('colours by rate, grey without residents', () => {
    expect(heat(row.cells[0])).toBe('#f4f4f5')
    expect(heat({ rate: 0, residents: 1 })).toBe('rgb(255, 255, 255)')
    expect(heat({ rate: 1, residents: 1 })).toBe('rgb(24, 128, 56)')
    expect(ink(row.cells[1])).toBe('#fff')
    expect(ink({ rate: 0.1, residents: 3 })).toBe('#303133')
  })
  it('formats a rate', () => {
    expect(percent(0.875)).toBe('87.5%')
    expect(percent(1)).toBe('100.0%')
  })
})
