import { describe, expect, it } from 'vitest'
import { bodyOf, formOf, inputOf, routingBody, routingForm } from './form'
import type { Limits, Matter } from './types'

const limits: Limits = {
  dispatch: { amount: 1, unit: 'working_hours' },
  handle: { amount: 3, unit: 'working_days' },
  verify: { amount: 15, unit: 'natural_days' },
}

describe('routing', () => {
  const routing = { grid: { lead: 'community_committee' as const }, county: { lead: 'cdc' as const, co: ['hospital' as const] } }

  it('round-trips through the form, dropping levels without a lead and a co that repeats the lead', () => {
    const form = routingForm(routing)
    expect(form.township).toEqual({ lead: '', co: [] })
    form.township.co = ['street_office'] // no lead: not sent
    form.county.co.push('cdc')
    expect(routingBody(form)).toEqual({ county: { lead: 'cdc', co: ['hospital'] }, grid: { lead: 'community_committee', co: [] } })
    expect(routing.county.co).toEqual(['hospital']) // the form copied it
  })
})

describe('the matter form', () => {
  const m: Matter = {
    code: 'CRB-01',
    category_code: 'CRB',
    category_name: '传染病疫情线索',
    name: '聚集性病例',
    description: ' 说明 ',
    routing: { county: { lead: 'cdc', co: ['township_health_center'] } },
    limits,
    self_handle: false,
    default_priority: 'urgent',
    register_criteria: '立案',
    close_criteria: '结案',
    enabled: true,
    created_at: '2026-11-23T00:00:00Z',
    updated_at: '2026-11-23T00:00:00Z',
  }

  it('sends back what it opened, trimmed', () => {
    expect(bodyOf(formOf(m))).toEqual({
      code: 'CRB-01',
      category_code: 'CRB',
      name: '聚集性病例',
      description: '说明',
      routing: { county: { lead: 'cdc', co: ['township_health_center'] } },
      limits,
      self_handle: false,
      default_priority: 'urgent',
      register_criteria: '立案',
      close_criteria: '结案',
      enabled: true,
    })
    expect(inputOf(m)).not.toHaveProperty('code')
  })

  it('starts a new matter enabled, in the chosen category, with limits filled in', () => {
    const f = formOf(null, 'HJWS')
    expect(f.category_code).toBe('HJWS')
    expect(f.enabled).toBe(true)
    expect(f.limits.handle).toEqual({ amount: 3, unit: 'working_days' })
    expect(routingBody(f.routing)).toEqual({})
  })

  it('does not share the limits it opened', () => {
    formOf(m).limits.handle.amount = 99
    expect(m.limits.handle.amount).toBe(3)
  })
})
