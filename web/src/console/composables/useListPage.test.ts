import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { showError } from '../utils/errors'
import { useEditor, useListPage } from './useListPage'

vi.mock('../utils/errors', () => ({ showError: vi.fn() }))

const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: from + i }))

describe('useListPage', () => {
  beforeEach(() => vi.clearAllMocks())

  it('loads a page with its size and the filters, and shows loading meanwhile', async () => {
    const fetch = vi.fn(async (page: number, size: number, f: { q: string }) => ({ items: items(size, (page - 1) * size), total: 95, q: f.q }))
    const list = useListPage({ fetch, filters: { q: '' }, size: 10 })
    list.filters.q = '张'
    list.page.value = 3
    const loading = list.reload()
    expect(list.loading.value).toBe(true)
    await loading
    expect(list.loading.value).toBe(false)
    expect(fetch).toHaveBeenLastCalledWith(3, 10, expect.objectContaining({ q: '张' }))
    expect(list.rows.value.map((r) => r.id)).toEqual(items(10, 20).map((r) => r.id))
    expect(list.total.value).toBe(95)
  })

  it('search goes back to page 1; reload stays', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const list = useListPage({ fetch })
    list.page.value = 4
    await list.reload()
    expect(fetch).toHaveBeenLastCalledWith(4, 20, {})
    await list.search()
    expect(list.page.value).toBe(1)
    expect(fetch).toHaveBeenLastCalledWith(1, 20, {})
  })

  it('reset puts the filters back as they started and searches', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const list = useListPage({ fetch, filters: { q: '', status: 'active', range: null as [Date, Date] | null } })
    Object.assign(list.filters, { q: 'x', status: '', range: [new Date(0), new Date(1)] })
    list.page.value = 2
    await list.reset()
    expect(list.filters).toEqual({ q: '', status: 'active', range: null })
    expect(list.page.value).toBe(1)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('drops an answer a newer request overtook', async () => {
    type Page = { items: { id: number }[]; total: number }
    const answers: ((r: Page) => void)[] = []
    const list = useListPage({ fetch: () => new Promise<Page>((r) => answers.push(r)) })
    const first = list.reload()
    const second = list.reload()
    answers[1]({ items: items(1, 2), total: 1 })
    await second
    answers[0]({ items: items(5), total: 5 })
    await first
    expect(list.rows.value).toEqual([{ id: 2 }])
    expect(list.total.value).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('empties the table on a failure and says why', async () => {
    let fail = false
    const list = useListPage({ fetch: async () => (fail ? Promise.reject(new Error('boom')) : { items: items(3), total: 3 }) })
    await list.reload()
    fail = true
    await list.reload()
    expect(list.rows.value).toEqual([])
    expect(list.total.value).toBe(0)
    expect(list.loading.value).toBe(false)
    expect(showError).toHaveBeenCalledTimes(1)
  })

  it('searches at once and again from page 1 whenever searchOn changes', async () => {
    const region = ref('140900000000')
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const list = useListPage({ fetch, searchOn: () => region.value })
    expect(fetch).toHaveBeenCalledTimes(1)
    list.page.value = 5
    region.value = '140902000000'
    await nextTick()
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(list.page.value).toBe(1)
  })

  it('puts back the filters a change of searchOn clears, and keeps the others', async () => {
    const region = ref('140900000000')
    const fetch = vi.fn(async () => ({ items: [], total: 0 }))
    const list = useListPage({ fetch, filters: { grid: '', q: '' }, searchOn: () => region.value, clearOnChange: ['grid'] })
    Object.assign(list.filters, { grid: '140902001001001', q: '王' })
    region.value = '140902000000'
    await nextTick()
    expect(list.filters).toEqual({ grid: '', q: '王' })
    expect(fetch).toHaveBeenLastCalledWith(1, 20, expect.objectContaining({ grid: '', q: '王' }))
  })
})

describe('useEditor', () => {
  it('opens on a new row or on a given one', () => {
    const e = useEditor<{ id: number }>()
    expect(e.open.value).toBe(false)
    e.edit({ id: 7 })
    expect(e.open.value).toBe(true)
    expect(e.row.value).toEqual({ id: 7 })
    e.open.value = false
    e.create()
    expect(e.open.value).toBe(true)
    expect(e.row.value).toBeNull()
  })
})
