import { describe, expect, it } from 'vitest'
import { statusLabel, statusType } from './statuses'

describe('status tags', () => {
  it('colour each kind by its own table, info for a code without one', () => {
    expect(statusType('user', 'locked')).toBe('danger')
    expect(statusType('resident', 'active')).toBe('success')
    expect(statusType('resident', 'deceased')).toBe('info')
    expect(statusType('transfer', 'pending')).toBe('warning')
    expect(statusType('event', 'nonsense')).toBe('info')
    expect(statusType('user', undefined)).toBe('info')
  })

  it('name a status in the language on screen, or show its code', () => {
    expect(statusLabel('user', 'locked')).toBe('已锁定')
    expect(statusLabel('event', 'reported')).toBe('待受理')
    expect(statusLabel('task', 'summoned')).toBe('待报到')
    expect(statusLabel('event', 'nonsense')).toBe('nonsense')
    expect(statusLabel('event', '')).toBe('')
  })
})
