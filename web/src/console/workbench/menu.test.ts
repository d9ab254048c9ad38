import { describe, expect, it } from 'vitest'
import { MENU, firstAllowed, shown } from '../menu'
import type { Need } from '@/api/session'

const holding = (...perms: string[]) => (p?: Need) => !p || (typeof p === 'string' ? perms.includes(p) : p.some((x) => perms.includes(x)))
const entry = (name: string) => MENU.find((m) => m.name === name)!

describe('the landing page', () => {
  it('is the workbench for staff, 我的账户 for an account with no permission', () => {
    expect(firstAllowed(holding('event:read', 'region:read'))).toBe('/workbench')
    expect(firstAllowed(holding())).toBe('/account')
  })
})

describe('shown', () => {
  it('hides 机构单位 from a user whose area is one grid', () => {
    const can = holding('unit:read')
    expect(shown(entry('units'), can, '140902001002001')).toBe(false)
    expect(shown(entry('units'), can, '140902001000')).toBe(true)
  })
  it('follows the permission', () => {
    expect(shown(entry('users'), holding('unit:read'), '140902000000')).toBe(false)
  })
})
