import { describe, expect, it } from 'vitest'
import { idCheckDigit } from '@/console/utils/idcard'
import zh from './i18n.zh-CN'
import en from './i18n.en'
import {
  appLink,
  bindProblems,
  bookingProblems,
  bookingTag,
  canCancel,
  idNumberProblem,
  matterChoices,
  registrationProblems,
  reportProblems,
  reportTag,
  resetProblems,
} from './forms'

const NOW = new Date('2026-06-10T02:00:00Z') // 10:00 in Beijing
const policy = { password_min_length: 8, password_classes: 3 }
const first17 = '14090219800101123'
const ID = first17 + idCheckDigit(first17)

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

describe('ID numbers', () => {
  it('accepts a number whose check digit matches', () => {
    expect(idNumberProblem(ID, NOW)).toBe('')
    expect(idNumberProblem(` ${ID.toLowerCase()} `, NOW)).toBe('')
  })
  it('says which part is wrong', () => {
    const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0')
    expect(idNumberProblem(wrong, NOW)).toBe('resident.id.checksum')
    expect(idNumberProblem(ID.slice(0, 17), NOW)).toBe('resident.id.length')
    expect(idNumberProblem('14090219801301123X', NOW)).toBe('resident.id.birthDate')
    expect(idNumberProblem('99090219800101123X', NOW)).toBe('resident.id.region')
    expect(idNumberProblem('1409021980010112AX', NOW)).toBe('resident.id.format')
  })
  it('has words for every problem in both languages', () => {
    for (const p of ['length', 'format', 'region', 'birthDate', 'checksum']) {
      expect(typeof lookup(zh, `resident.id.${p}`)).toBe('string')
      expect(typeof lookup(en, `resident.id.${p}`)).toBe('string')
    }
  })
  it('checks a binding', () => {
    expect(bindProblems({ name: ' ', id_number: ID }, NOW)).toEqual({ name: 'resident.err.name' })
    expect(bindProblems({ name: '张三', id_number: ID }, NOW)).toEqual({})
  })
})

describe('forms', () => {
  const reg = { phone: '13912345678', code: '123456', name: '李四', password: '', region_code: '140902001002' }
  it('takes a sign-up without a password', () => {
    expect(registrationProblems(reg, policy)).toEqual({})
  })
  it('names each bad field of a sign-up', () => {
    expect(registrationProblems({ phone: '1391234', code: '12', name: '', password: 'short', region_code: '' }, policy)).toEqual({
      phone: 'resident.err.phone',
      code: 'resident.err.code',
      name: 'resident.err.name',
      password: 'resident.err.password',
      region_code: 'resident.err.community',
    })
  })
  it('needs a new password to reset', () => {
    expect(resetProblems({ phone: reg.phone, code: reg.code, password: '' }, policy)).toEqual({ password: 'resident.err.passwordRequired' })
    expect(resetProblems({ phone: reg.phone, code: reg.code, password: 'Xinzhou@2026' }, policy)).toEqual({})
  })
  it('needs a matter, a title and a fix to report', () => {
    expect(reportProblems({ matter_code: '', title: ' ', description: '' })).toEqual({
      matter_code: 'resident.err.matter',
      title: 'resident.err.title',
      location: 'resident.err.location',
    })
    expect(reportProblems({ matter_code: 'HJWS-01', title: '井盖缺失', description: '', lng: 112.7, lat: 38.4 })).toEqual({})
  })
  it('books from tomorrow to 30 days ahead in Beijing time', () => {
    const b = { service: 'follow_up', slot: 'am' }
    expect(bookingProblems({ ...b, preferred_date: '2026-06-11' }, NOW)).toEqual({})
    expect(bookingProblems({ ...b, preferred_date: '2026-07-10' }, NOW)).toEqual({})
    expect(bookingProblems({ ...b, preferred_date: '2026-06-10' }, NOW)).toEqual({ preferred_date: 'resident.err.date' })
    expect(bookingProblems({ ...b, preferred_date: '2026-07-11' }, NOW)).toEqual({ preferred_date: 'resident.err.date' })
    expect(bookingProblems({ service: '', slot: 'noon', preferred_date: '2026-06-12' }, NOW)).toEqual({
      service: 'resident.err.service',
      slot: 'resident.err.slot',
    })
    // 00:30 on the 11th in Beijing while it is still the 10th in UTC
    expect(bookingProblems({ ...b, preferred_date: '2026-06-11' }, new Date('2026-06-10T16:30:00Z'))).toEqual({ preferred_date: 'resident.err.date' })
  })
})

describe('status tags', () => {
  it('maps each report status to a tag with words', () => {
    for (const [status, tag] of [['received', 'primary'], ['accepted', 'warning'], ['not_accepted', 'default'], ['handled', 'success'], ['closed', 'success']]) {
      expect(reportTag(status)).toBe(tag)
      expect(typeof lookup(zh, `resident.reportStatus.${status}`)).toBe('string')
    }
    expect(reportTag('unknown')).toBe('default')
  })
  it('maps each booking status, and cancels only a request', () => {
    for (const [status, tag] of [['requested', 'primary'], ['scheduled', 'warning'], ['done', 'success'], ['cancelled', 'default']]) {
      expect(bookingTag(status)).toBe(tag)
      expect(typeof lookup(en, `resident.bookingStatus.${status}`)).toBe('string')
      expect(canCancel(status)).toBe(status === 'requested')
    }
  })
})

describe('matters and links', () => {
  it('lists enabled matters under their categories, no empty category', () => {
    const tree = [
      { code: 'HJ', name: '环境卫生', children: [{ code: 'HJ1', name: '垃圾', matters: [{ code: 'A', name: '垃圾堆放', enabled: true }] }], matters: [{ code: 'B', name: '旧', enabled: false }] },
      { code: 'EMPTY', name: '空', matters: [{ code: 'C', name: '停用', enabled: false }] },
    ]
    expect(matterChoices(tree)).toEqual([
      { text: '环境卫生', value: 'c:HJ', children: [{ text: '垃圾', value: 'c:HJ1', children: [{ text: '垃圾堆放', value: 'A' }] }] },
    ])
  })
  it('sends a resident from a case to their report', () => {
    expect(appLink('/events/0190-ab', true)).toBe('/reports/0190-ab')
    expect(appLink('/bookings/x', true)).toBe('/bookings')
    expect(appLink('/users/x', true)).toBe('')
    expect(appLink('https://example.com', true)).toBe('')
    expect(appLink('/events/0190-ab', false)).toBe('/events/0190-ab')
    expect(appLink(undefined, false)).toBe('')
    // what the server sends a resident (internal/notify/residents.go)
    expect(appLink('/app/reports/0190-ab', true)).toBe('/reports/0190-ab')
    expect(appLink('/app/reports', true)).toBe('/reports')
    expect(appLink('/app/bookings/0190-cd', true)).toBe('/bookings')
    expect(appLink('//evil.example/x', true)).toBe('')
  })
})
