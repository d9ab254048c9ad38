import { describe, expect, it } from 'vitest'
import { i18n, messages } from '@/i18n'
import { actionName, AUDIT_ACTIONS, detailFields, objectName } from './audit'

describe('audit log words', () => {
  it('lists the actions the server declares', () => {
    expect(AUDIT_ACTIONS).toContain('booking.schedule')
    expect(AUDIT_ACTIONS).toContain('auth.sms.send')
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`names every audit action the server declares in ${locale}`, () => {
      const names = messages[locale].auditAction as Record<string, unknown>
      expect(AUDIT_ACTIONS.filter((a) => typeof names[a.replaceAll('.', '_')] !== 'string')).toEqual([])
    })
  }

  it('shows actions, objects and details by their names', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(actionName('auth.login')).toBe('登录')
    expect(actionName('auth.sms.send')).toBe('发送短信验证码')
    expect(actionName('booking.schedule')).toBe('安排预约')
    expect(actionName('no.such')).toBe('no.such')
    expect(objectName('resident_transfer')).toBe('迁入申请')
    expect(detailFields({ reason: '核查', masked: false, filter: { tag: 'elderly', q_given: true }, empty: null })).toEqual([
      { key: 'reason', label: '事由', value: '核查' },
      { key: 'masked', label: '脱敏', value: '否' },
      { key: 'filter', label: '筛选条件', value: '标签：elderly；含关键字：是' },
    ])
    expect(detailFields('text')).toEqual([{ key: '', label: '', value: 'text' }])
    expect(detailFields(null)).toEqual([])
  })
})
