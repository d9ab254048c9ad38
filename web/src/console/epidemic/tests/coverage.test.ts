import { describe, expect, it } from 'vitest'
import { drill, isGrid, percent, today, windowQuery } from './coverage'

describe('coverage', () => {
  it('asks for a window only when both ends are chosen', () => {
    expect(windowQuery(['2026-12-01', '2026-12-07'])).toEqual({ from: '2026-12-01', to: '2026-12-07' })
    expect(windowQuery(null)).toEqual({})
    expect(windowQuery(['', ''])).toEqual({})
  })
  it("takes today's date in Beijing, not the machine's", () => {
    expect(today(new Date('2026-12-07T16:30:00Z'))).toBe('2026-12-08') // 00:30 in Beijing
    expect(today(new Date('2026-12-07T15:59:00Z'))).toBe('2026-12-07')
  })
  it('shows a rate as a percentage', () => {
    expect(percent(0)).toBe('0.0%')
    expect(percent(0.12345)).toBe('12.3%')
    expect(percent(1)).toBe('100.0%')
  })
  it('drills down and back up the trail', () => {
    const city = { code: '140900000000', name: '忻州市' }
    const county = { code: '140902000000', name: '忻府区' }
    const grid = { code: '140902001002001', name: '第一网格' }
    expect(drill([city], county)).toEqual([city, county])
    expect(drill([city, county, grid], county)).toEqual([city, county])
    expect(isGrid(grid.code)).toBe(true)
    expect(isGrid(county.code)).toBe(false)
  })
})
