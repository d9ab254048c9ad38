import { describe, expect, it } from 'vitest'
import { detail, headline, inApp, when } from './when'

describe('notification times and text', () => {
  const now = new Date('2026-11-23T08:00:00Z')
  it('says how long ago within a day, else the day and minute in China', () => {
    expect(when('2026-11-23T07:59:40Z', now)).toBe('刚刚')
    expect(when('2026-11-23T07:45:00Z', now)).toBe('15 分钟前')
    expect(when('2026-11-23T02:00:00Z', now)).toBe('6 小时前')
    expect(when('2026-11-21T16:30:00Z', now)).toBe('11-22 00:30')
  })
  it('splits the body into the case and who did what', () => {
    const body = 'SJ20261123000042 幼儿园多名儿童发热\n秀容街道管理员:请尽快流调'
    expect(headline(body)).toBe('SJ20261123000042 幼儿园多名儿童发热')
    expect(detail(body)).toBe('秀容街道管理员:请尽快流调')
    expect(detail('SJ1 标题')).toBe('')
  })
  it('tells a resident’s link into the app from a console path', () => {
    expect(inApp('/app/reports/0193')).toBe(true)
    expect(inApp('/events/0193')).toBe(false)
    expect(inApp('/applications')).toBe(false)
  })
})
