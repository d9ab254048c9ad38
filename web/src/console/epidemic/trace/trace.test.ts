import { describe, expect, it } from 'vitest'
import { byHop, minutesBetween, request, type Contact } from './trace'

const contact = (key: string, hop: 1 | 2) => ({ key, hop, name: key, id_number: '', first_at: '', exposures: [] }) as unknown as Contact

describe('trace helpers', () => {
  it('splits contacts by hop, keeping their order', () => {
    const { close, secondary } = byHop([contact('a', 1), contact('b', 2), contact('c', 1)])
    expect(close.map((c) => c.key)).toEqual(['a', 'c'])
    expect(secondary.map((c) => c.key)).toEqual(['b'])
  })
  it('sends only what differs from the defaults', () => {
    expect(request('p', 2, 30, null)).toEqual({ person_id: 'p', hops: 2 })
    const from = new Date('2026-11-20T00:00:00Z')
    const to = new Date('2026-11-22T00:00:00Z')
    expect(request('p', 1, 15, [from, to])).toEqual({
      person_id: 'p',
      hops: 1,
      window_minutes: 15,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-22T00:00:00.000Z',
    })
  })
  it('counts a stay in whole minutes', () => {
    expect(minutesBetween('2026-11-20T08:00:00Z', '2026-11-20T08:59:59Z')).toBe(59)
    expect(minutesBetween(undefined, '2026-11-20T08:00:00Z')).toBe(0)
  })
})
