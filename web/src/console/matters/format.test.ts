import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { createAppI18n } from '@/i18n'
import { fieldMessages, limitsText, routeRows } from './format'
import type { Limits } from './types'

const limits: Limits = {
  dispatch: { amount: 1, unit: 'working_hours' },
  handle: { amount: 3, unit: 'working_days' },
  verify: { amount: 15, unit: 'natural_days' },
}

describe('limitsText', () => {
  it('reads as one line in Chinese', () => {
    const { t } = createAppI18n('zh-CN').global
    expect(limitsText(limits, t)).toBe('派遣 1 工作小时 · 处置 3 工作日 · 核查 15 自然日')
  })
  it('counts in English', () => {
    const { t } = createAppI18n('en').global
    expect(limitsText(limits, t)).toBe('Dispatch 1 working hour · Handle 3 working days · Verify 15 natural days')
  })
})

describe('routing', () => {
  const routing = { grid: { lead: 'community_committee' as const }, county: { lead: 'cdc' as const, co: ['hospital' as const] } }

  it('lists the routed levels top down', () => {
    expect(routeRows(routing)).toEqual([
      { level: 'county', lead: 'cdc', co: ['hospital'] },
      { level: 'grid', lead: 'community_committee', co: [] },
    ])
  })
})

describe('fieldMessages', () => {
  it('keys errors by their path', () => {
    const err = new ApiError({
      status: 422,
      errors: [
        { location: 'body.routing.county.co[1]', message: 'unknown' },
        { location: 'body.limits.handle.amount', message: 'too small' },
        { location: 'body.name', message: 'required' },
        { location: 'body.name', message: 'second' },
      ],
    })
    expect(fieldMessages(err)).toEqual({ 'routing.county.co': 'unknown', 'limits.handle.amount': 'too small', name: 'required' })
    expect(fieldMessages(new Error('x'))).toEqual({})
  })
})

