import { describe, expect, it } from 'vitest'
import type { Item } from '../../outbox'
import { actionOf, bodyOf, pathOf, waiting } from './writes'

const item = (path: string, state: Item['state'], createdAt: number) => ({ path, state, createdAt }) as Item

describe('writes', () => {
  it('tells a step on the person from other writes', () => {
    expect(actionOf({ path: pathOf('p1', 'verify') }, 'p1')).toBe('verify')
    expect(actionOf({ path: pathOf('p1', 'verify') }, 'p2')).toBeUndefined()
    expect(actionOf({ path: '/api/v1/epidemic/persons/p1/reveal' }, 'p1')).toBeUndefined()
  })
  it('lists the steps still to send, oldest first', () => {
    const items = [
      item(pathOf('p1', 'verify'), 'queued', 2),
      item(pathOf('p1', 'visit'), 'sending', 1),
      item(pathOf('p1', 'report'), 'done', 0),
      item(pathOf('p1', 'report'), 'attention', 3),
      item(pathOf('p2', 'visit'), 'queued', 0),
    ]
    expect(waiting(items, 'p1')).toEqual(['visit', 'verify'])
  })
  it('sends the outcome for verify only, the destination only for moved_out', () => {
    const f = { outcome: 'moved_out', destination: ' 太原 ', note: ' 邻居告知 ', point: { lng: 112.7341234567, lat: 38.41 } }
    expect(bodyOf('verify', f)).toEqual({ outcome: 'moved_out', destination: '太原', note: '邻居告知', lng: 112.734123, lat: 38.41 })
    expect(bodyOf('verify', { ...f, outcome: 'found', point: undefined })).toEqual({ outcome: 'found', note: '邻居告知' })
    expect(bodyOf('visit', { outcome: 'found', destination: '', note: '' })).toEqual({})
  })
})
