import { describe, expect, it } from 'vitest'
import { allowedActions, allows, pending, verifyMissing, type PersonAction } from './flow'

const worker = (p: string) => ['epidemic:read', 'epidemic:verify'].includes(p)
const officer = () => true

describe('allowedActions', () => {
  const cases: { state: string; pooled?: boolean; merged?: string; can: (p: string) => boolean; want: PersonAction[] }[] = [
    { state: 'assigned', can: worker, want: ['visit', 'verify'] },
    { state: 'visited', can: worker, want: ['verify'] },
    { state: 'verified', can: worker, want: ['report'] },
    { state: 'verified', can: officer, want: ['decide', 'report'] },
    { state: 'decided', can: officer, want: ['report'] },
    { state: 'reported', can: officer, want: [] },
    { state: 'assigned', pooled: true, can: officer, want: [] },
    { state: 'assigned', merged: 'x', can: officer, want: [] },
    { state: 'assigned', can: (p) => p === 'epidemic:read', want: [] },
  ]
  for (const c of cases) {
    it(`${c.state}${c.pooled ? ' pooled' : ''}${c.merged ? ' merged' : ''} → ${c.want.join(',') || 'none'}`, () => {
      expect(allowedActions({ state: c.state, pooled: !!c.pooled, merged_into: c.merged }, c.can)).toEqual(c.want)
    })
  }
})

describe('pending', () => {
  it('moves the state along the writes the table allows', () => {
    expect(pending({ state: 'assigned', pooled: false }, ['visit', 'verify']).state).toBe('verified')
  })
  it('leaves it where a write no longer applies', () => {
    expect(pending({ state: 'verified', pooled: false }, ['visit']).state).toBe('verified')
    expect(pending({ state: 'assigned', pooled: true }, ['verify']).state).toBe('assigned')
  })
  it('agrees with allows at each step', () => {
    const p = { state: 'assigned', pooled: false }
    expect(allows(pending(p, ['verify']), 'verify', worker)).toBe(false)
    expect(allows(pending(p, ['verify']), 'report', worker)).toBe(true)
  })
})

describe('verifyMissing', () => {
  it('needs an outcome, and a destination for moved_out', () => {
    expect(verifyMissing({ outcome: '', destination: '' })).toBe('outcome')
    expect(verifyMissing({ outcome: 'moved_out', destination: ' ' })).toBe('destination')
    expect(verifyMissing({ outcome: 'moved_out', destination: '太原市' })).toBe('')
    expect(verifyMissing({ outcome: 'found', destination: '' })).toBe('')
  })
})
