// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { messages } from '@/i18n'
import {
  applyEdit,
  dayErrors,
  dayRange,
  holidays,
  isWorkday,
  monthWeeks,
  sameOverrides,
  toOverrides,
  toPayload,
  weekday,
  workingDays,
} from './calendar'
import { LIMIT_UNITS, type CalendarDay } from './types'

const span = (from: string, to: string, name: string): CalendarDay[] =>
  dayRange(from, to).map((day) => ({ day, kind: 'holiday', name }))

// The State Council's 2026 schedule, as the server seeds it.
const y2026: CalendarDay[] = [
  ...span('2026-01-01', '2026-01-03', '元旦'),
  { day: '2026-01-04', kind: 'workday', name: '元旦' },
  { day: '2026-02-14', kind: 'workday', name: '春节' },
  ...span('2026-02-15', '2026-02-23', '春节'),
  { day: '2026-02-28', kind: 'workday', name: '春节' },
  ...span('2026-04-04', '2026-04-06', '清明节'),
  ...span('2026-05-01', '2026-05-05', '劳动节'),
  { day: '2026-05-09', kind: 'workday', name: '劳动节' },
  ...span('2026-06-19', '2026-06-21', '端午节'),
  { day: '2026-09-20', kind: 'workday', name: '国庆节' },
  ...span('2026-09-25', '2026-09-27', '中秋节'),
  ...span('2026-10-01', '2026-10-07', '国庆节'),
  { day: '2026-10-10', kind: 'workday', name: '国庆节' },
]

describe('work calendar days', () => {
  it('knows weekdays without the browser time zone', () => {
    expect(weekday('2026-10-01')).toBe(4)
    expect(weekday('2026-01-04')).toBe(0)
    expect(dayRange('2026-02-28', '2026-03-02')).toEqual(['2026-02-28', '2026-03-01', '2026-03-02'])
    expect(dayRange('2026-03-02', '2026-02-28')).toHaveLength(3)
  })

  it('lays months out Monday first', () => {
    const feb = monthWeeks(2026, 2) // Feb 1 2026 is a Sunday
    expect(feb[0]).toEqual([null, null, null, null, null, null, '2026-02-01'])
    expect(feb.flat().filter(Boolean)).toHaveLength(28)
    expect(feb.every((w) => w.length === 7)).toBe(true)
    expect(monthWeeks(2026, 6)[0][0]).toBe('2026-06-01') // a Monday
  })

  it('counts 2026 as the server does: 248 working days', () => {
    const o = toOverrides(y2026)
    expect(workingDays(2026, o)).toBe(248)
    expect(workingDays(2027, o)).toBe(261)
    expect(isWorkday('2026-10-10', o)).toBe(true)
    expect(isWorkday('2026-10-08', o)).toBe(true)
    expect(isWorkday('2026-10-11', o)).toBe(false)
    expect(isWorkday('2026-02-16', o)).toBe(false)
  })

  it('edits, reverts and reports changes', () => {
    const saved = toOverrides(y2026)
    const edited = applyEdit(saved, ['2026-10-08', '2026-10-09'], 'holiday', ' 国庆节 ')
    expect(sameOverrides(saved, edited)).toBe(false)
    expect(edited.get('2026-10-09')).toEqual({ day: '2026-10-09', kind: 'holiday', name: '国庆节' })
    expect(saved.has('2026-10-08')).toBe(false) // the saved state is untouched
    expect(sameOverrides(saved, applyEdit(edited, ['2026-10-08', '2026-10-09'], null, ''))).toBe(true)
    expect(toPayload(edited).map((d) => d.day)).toEqual([...toPayload(edited).map((d) => d.day)].sort())
  })

  it('writes the schedule out as the notice does', () => {
    const list = holidays(toOverrides(y2026))
    expect(list.map((h) => h.name)).toEqual(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'])
    const spring = list[1]
    expect(spring.off).toEqual([{ from: '2026-02-15', to: '2026-02-23', days: 9 }])
    expect(spring.work).toEqual(['2026-02-14', '2026-02-28'])
    const national = list.find((h) => h.name === '国庆节')
    expect(national?.work).toEqual(['2026-09-20', '2026-10-10'])
    expect(national?.off).toEqual([{ from: '2026-10-01', to: '2026-10-07', days: 7 }])
  })

  it('ties refused rows back to their days', () => {
    const sent = toPayload(toOverrides(y2026))
    const errs = dayErrors(sent, [
      { location: 'body.days[3].kind', message: '调休上班日应为周六或周日 / …' },
      { location: 'body.days[3].name', message: 'second' },
      { location: 'path.year', message: 'year' },
    ])
    expect(errs.get(sent[3].day)).toBe('调休上班日应为周六或周日 / …; second')
    expect(errs.get('')).toBe('year')
  })

  it('has words for every unit in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const u of LIMIT_UNITS) expect(typeof (messages[locale] as Record<string, Record<string, unknown>>).limitUnit?.[u]).toBe('string')
    }
  })
})
