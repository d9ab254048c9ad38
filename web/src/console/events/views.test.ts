import { describe, expect, it } from 'vitest'
import { emptyFilters } from './query'
import { MAX_VIEWS, loadViews, removeView, saveView, viewsKey } from './views'

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init))
  return {
    get length() {
      return m.size
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  }
}

const overdue = { ...emptyFilters(), overdue: true, region: '140902001000' }

describe('saved views', () => {
  it('are kept per user', () => {
    const s = memoryStorage()
    saveView('street', { name: ' 本街道超期 ', filters: overdue }, s)
    expect(loadViews('street', s)).toEqual([{ name: '本街道超期', filters: overdue }])
    expect(loadViews('grid', s)).toEqual([])
  })

  it('replace a view of the same name and forget one by name', () => {
    const s = memoryStorage()
    saveView('u', { name: 'a', filters: overdue }, s)
    saveView('u', { name: 'b', filters: emptyFilters() }, s)
    const views = saveView('u', { name: 'a', filters: { ...emptyFilters(), status: 'closed' } }, s)
    expect(views.map((v) => v.name)).toEqual(['b', 'a'])
    expect(views[1].filters.status).toBe('closed')
    expect(removeView('u', 'b', s).map((v) => v.name)).toEqual(['a'])
  })

  it('keep the newest few', () => {
    const s = memoryStorage()
    for (let i = 0; i < MAX_VIEWS + 3; i++) saveView('u', { name: `v${i}`, filters: emptyFilters() }, s)
    const views = loadViews('u', s)
    expect(views).toHaveLength(MAX_VIEWS)
    expect(views[0].name).toBe('v3')
  })

  it('read anything unreadable as none, and keep only filter fields', () => {
    expect(loadViews('u', memoryStorage({ [viewsKey('u')]: 'not json' }))).toEqual([])
    expect(loadViews('u', memoryStorage({ [viewsKey('u')]: '{"a":1}' }))).toEqual([])
    const stored = JSON.stringify([{ name: 'x', filters: { status: 'closed', overdue: 'yes', evil: '<script>' } }, { name: '' }])
    expect(loadViews('u', memoryStorage({ [viewsKey('u')]: stored }))).toEqual([{ name: 'x', filters: { ...emptyFilters(), status: 'closed' } }])
  })
})
