import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { PERMISSIONS } from '@/api/enums'
import type { Me } from '@/api/types'
import { MENU } from '../menu'
import { useAuthStore } from '@/api/session'

describe('can', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('checks one permission, any one of a list, or none', () => {
    const auth = useAuthStore()
    auth.me = { permissions: ['event:read'] } as Me
    expect(auth.can('event:read')).toBe(true)
    expect(auth.can('matter:write')).toBe(false)
    expect(auth.can(['matter:write', 'event:read'])).toBe(true)
    expect(auth.can(['matter:write'])).toBe(false)
    expect(auth.can()).toBe(true)
  })

  it('takes only the permissions the server names', () => {
    const auth = useAuthStore()
    // @ts-expect-error a misspelt permission does not type check
    expect(auth.can('resident:raed')).toBe(false)
    const needs = MENU.flatMap((m) => (m.perm === undefined ? [] : typeof m.perm === 'string' ? [m.perm] : [...m.perm]))
    expect(needs.filter((p) => !(PERMISSIONS as readonly string[]).includes(p))).toEqual([])
  })
})
