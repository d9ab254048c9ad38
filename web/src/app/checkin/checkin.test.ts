import { describe, expect, it } from 'vitest'
import {
  asked,
  beijingDay,
  checkinBody,
  checkinPath,
  daysLeft,
  doneOn,
  emptyForm,
  formMissing,
  isFever,
  stageOn,
  symptomKey,
  testDue,
  testsFrom,
  today,
  typeKey,
  waitingAt,
  type Checkin,
  type CheckinForm,
  type Measure,
} from './checkin'

// close contact: 7 days at the site (twice a day), then 3 at home (once)
const m = {
  start_date: '2026-05-01',
  end_date: '2026-05-10',
  test_days: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-05', '2026-05-07', '2026-05-10'],
  stages: [
    { measure: 'centralised_isolation', start: '2026-05-01', end: '2026-05-07', test_dates: [], checkins_per_day: 2 },
    { measure: 'home_monitoring', start: '2026-05-08', end: '2026-05-10', test_dates: [], checkins_per_day: 1 },
  ],
} as Pick<Measure, 'start_date' | 'end_date' | 'test_days' | 'stages'>

const form = (f: Partial<CheckinForm>): CheckinForm => ({ ...emptyForm(), ...f })

describe('the measure on the calendar', () => {
  it('reads the day in Beijing, not on the phone’s clock', () => {
    expect(beijingDay(new Date('2026-05-01T16:30:00Z'))).toBe('2026-05-02')
    expect(beijingDay(new Date('2026-05-01T15:59:00Z'))).toBe('2026-05-01')
  })

  it('counts the days left, today and the last day included', () => {
    expect(daysLeft(m, '2026-05-01')).toBe(10)
    expect(daysLeft(m, '2026-05-09')).toBe(2)
    expect(daysLeft(m, '2026-05-10')).toBe(1)
    expect(daysLeft(m, '2026-05-11')).toBe(0)
    // ordered to start tomorrow: the whole of it is left
    expect(daysLeft(m, '2026-04-30')).toBe(10)
  })

  it('takes the stage in force as the server does', () => {
    expect(stageOn(m.stages, '2026-05-07')?.measure).toBe('centralised_isolation')
    expect(stageOn(m.stages, '2026-05-08')?.measure).toBe('home_monitoring')
    expect(stageOn(m.stages, '2026-04-01')?.measure).toBe('centralised_isolation')
    expect(stageOn(m.stages, '2026-06-01')?.measure).toBe('home_monitoring')
    expect(stageOn([], '2026-05-01')).toBeUndefined()
  })

  it('asks what the stage in force asks, and nothing outside the measure', () => {
    expect(asked(m, '2026-05-03')).toBe(2)
    expect(asked(m, '2026-05-08')).toBe(1)
    expect(asked(m, '2026-04-30')).toBe(0)
    expect(asked(m, '2026-05-11')).toBe(0)
  })

  it('lists the test days still to come and tells a test day', () => {
    expect(testsFrom(m, '2026-05-04')).toEqual(['2026-05-05', '2026-05-07', '2026-05-10'])
    expect(testsFrom(m, '2026-05-11')).toEqual([])
    expect(testDue(m, '2026-05-05')).toBe(true)
    expect(testDue(m, '2026-05-06')).toBe(false)
  })
})

describe("today's check-ins", () => {
  const c = (day: string) => ({ day }) as Checkin
  it('counts those of the day only', () => {
    expect(doneOn([c('2026-05-03'), c('2026-05-02'), c('2026-05-03')], '2026-05-03')).toBe(2)
    expect(doneOn(null, '2026-05-03')).toBe(0)
  })

  it('is complete once those sent and those on the phone reach the ask', () => {
    expect(today(1, 0, 2)).toEqual({ done: 1, waiting: 0, asked: 2, complete: false })
    expect(today(1, 1, 2).complete).toBe(true)
    expect(today(3, 0, 2).complete).toBe(true)
    expect(today(0, 0, 0).complete).toBe(false)
  })

  it('counts the outbox’s writes to the measure not yet sent', () => {
    const path = checkinPath('m 1', true)
    expect(path).toBe('/api/v1/public/measures/m%201/checkins')
    expect(checkinPath('m1', false)).toBe('/api/v1/epidemic/measures/m1/checkins')
    const items = [
      { path, state: 'queued' },
      { path, state: 'sending' },
      { path, state: 'done' },
      { path, state: 'attention' },
      { path: checkinPath('m2', true), state: 'queued' },
    ]
    expect(waitingAt(items, path)).toBe(2)
  })
})

describe('the fever threshold', () => {
  it.each([
    [37.2, false],
    [37.24, false],
    [37.25, true], // the server rounds half away from zero
    [37.3, true],
    [37.26, true], // kept as 37.3, as the server rounds it
    [37.8, true],
    [36.5, false],
  ])('%s °C is a fever: %s', (t, want) => expect(isFever(t)).toBe(want))
})

describe('the temperature keypad', () => {
  const typed = (keys: string[]) => keys.reduce(typeKey, '')
  it('takes two whole digits and one decimal', () => {
    expect(typed(['3', '7', '.', '8'])).toBe('37.8')
    expect(typed(['3', '7', '8'])).toBe('37')
    expect(typed(['3', '7', '.', '8', '9'])).toBe('37.8')
    expect(typed(['3', '7', '.', '.'])).toBe('37.')
    expect(typed(['.', '3'])).toBe('3')
    expect(typed(['3', '7', '.', '8', 'del', 'del'])).toBe('37')
    expect(typed(['del'])).toBe('')
    expect(typed(['x'])).toBe('')
  })
})

describe('the form', () => {
  it('asks for a temperature within 34–43 °C', () => {
    expect(formMissing(form({}))).toBe('temperature')
    expect(formMissing(form({ temperature: '37.' }))).toBe('range')
    expect(formMissing(form({ temperature: '33.9' }))).toBe('range')
    expect(formMissing(form({ temperature: '43.1' }))).toBe('range')
    expect(formMissing(form({ temperature: '34' }))).toBe('')
    expect(formMissing(form({ temperature: '43.0' }))).toBe('')
  })

  it('asks what the other symptom is, in 40 characters at most', () => {
    expect(formMissing(form({ temperature: '36.5', symptoms: ['other'] }))).toBe('other')
    expect(formMissing(form({ temperature: '36.5', symptoms: ['other'], other: '  ' }))).toBe('other')
    expect(formMissing(form({ temperature: '36.5', symptoms: ['other'], other: '头'.repeat(41) }))).toBe('other')
    expect(formMissing(form({ temperature: '36.5', symptoms: ['other'], other: '头痛' }))).toBe('')
    // text typed, then 其他 unticked: it is not asked for, nor sent
    expect(formMissing(form({ temperature: '36.5', other: '头'.repeat(41) }))).toBe('')
  })

  it('sends the symptoms in the chips’ order, 其他 as typed, the note trimmed', () => {
    const f = form({ temperature: '37.8', symptoms: ['other', 'cough', 'fever'], other: ' 头痛 ', testTaken: true, note: ' 已服药 ' })
    expect(checkinBody(f)).toEqual({ temperature: 37.8, symptoms: ['发热', '咳嗽', '头痛'], test_taken: true, note: '已服药' })
    expect(checkinBody(form({ temperature: '36.4', other: '头痛' }))).toEqual({ temperature: 36.4, symptoms: [], test_taken: false })
  })

  it('tells the chip a kept symptom came from', () => {
    expect(symptomKey('咽痛')).toBe('soreThroat')
    expect(symptomKey('其他')).toBeUndefined()
    expect(symptomKey('头痛')).toBeUndefined()
  })
})
