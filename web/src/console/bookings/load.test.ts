import { describe, expect, it } from 'vitest'
import { dayLabel, loadShare } from './load'

describe('dayLabel', () => {
  it('names the weekday in the language given', () => {
    expect(dayLabel('2026-05-12', 'zh-CN')).toBe('05-12 周二')
    expect(dayLabel('2026-05-17', 'en')).toBe('05-17 Sun')
  })
})

describe('loadShare', () => {
  it('is the share of the capacity booked, at most 100', () => {
    expect(loadShare(2, 8)).toBe(25)
    expect(loadShare(9, 8)).toBe(100)
    expect(loadShare(0, 0)).toBe(100)
  })
})
