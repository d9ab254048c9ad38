import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import codes from '@/api/problem-codes.json'
import { fieldErrorsOf, errorText } from '@/console/utils/errors'
import { createAppI18n, i18n, messages } from './index'
import { localHalf, problemText } from './problems'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

describe('problem codes', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`are all worded in ${locale}`, () => {
      const missing = Object.keys(codes).filter((c) => typeof lookup(messages[locale], `problem.${c}`) !== 'string')
      expect(missing).toEqual([])
    })
  }
})

describe('problemText', () => {
  const zh = createAppI18n('zh-CN').global
  const en = createAppI18n('en').global

  it('words a code with its params, naming coded params', () => {
    const p = {
      code: 'event.action_not_allowed',
      params: { action: 'verify', status: 'reported' },
      detail: '事件状态为「待受理」,不能核查结案 / verify is not allowed while the event is reported: conflict',
    }
    expect(problemText(zh, p)).toBe('事件状态为「待受理」，不能核查结案')
    expect(problemText(en, p)).not.toMatch(/[\u4e00-\u9fff]/)
    expect(problemText(zh, { code: 'auth.sms_wait', params: { seconds: 42 } })).toContain('42')
  })

  it('falls back to the half of a bilingual detail in the language on screen', () => {
    const p = { code: 'nobody.knows', detail: 'resident: 该身份证号已登记 / a resident with this ID number exists: conflict' }
    expect(problemText(zh, p)).toBe('该身份证号已登记')
    expect(problemText(en, p)).toBe('a resident with this ID number exists')
    expect(problemText(zh, { detail: 'plain english' })).toBe('plain english')
  })

  it('prefers a bilingual detail to a generic code', () => {
    expect(problemText(zh, { code: 'conflict', detail: '已有人在办 / someone is on it: conflict' })).toBe('已有人在办')
    expect(problemText(zh, { code: 'forbidden', detail: 'forbidden' })).toBe('没有权限执行此操作')
  })

  it('keeps a text without a Chinese half whole', () => {
    expect(localHalf('a / b', 'zh-CN')).toBe('a / b')
    expect(localHalf('超出边界', 'en')).toBe('超出边界')
  })
})

describe('the console error path', () => {
  it('shows one language: the code in Chinese, field errors beside their fields', () => {
    i18n.global.locale.value = 'zh-CN'
    const err = new ApiError({
      status: 401,
      code: 'auth.bad_credentials',
      detail: '用户名或密码错误 / wrong username or password: unauthorized',
    })
    expect(errorText(err)).toBe('用户名或密码错误')
    const bad = new ApiError({
      status: 422,
      code: 'invalid',
      detail: '输入有误 / invalid input',
      errors: [
        { location: 'body.username', message: 'expected required property username to be present', code: 'validation.required' },
        { location: 'body.name', message: 'expected length <= 50', code: 'validation.max_length', params: { limit: '50' } },
        { location: 'body.phone', message: '手机号格式不正确 / not a mainland mobile number' },
      ],
    })
    expect(fieldErrorsOf(bad)).toEqual({ username: '此项必填', name: '最多 50 个字符', phone: '手机号格式不正确' })
    i18n.global.locale.value = 'en'
    expect(fieldErrorsOf(bad).phone).toBe('not a mainland mobile number')
    expect(errorText(err)).toBe('Wrong username or password')
    i18n.global.locale.value = 'zh-CN'
  })
})
