import { describe, expect, it, vi } from 'vitest'
import { usePaged, type Page } from './paged'
import type { Cached } from '../offline/cache'
import { dayTime } from '../staff/time'

vi.mock('../shell/errors', () => ({ sayError: vi.fn() }))

const answer = <T>(items: T[], total: number, offline = false): Cached<Page<T>> => ({ data: { items, total }, savedAt: 7, offline })

describe('a paged list', () => {
  it('joins pages until the total, and says when a page came from the phone', async () => {
    const fetchPage = vi.fn(async (page: number) => answer(page === 1 ? [1, 2] : [3], 3, page === 1))
    const l = usePaged<number>(fetchPage, 2)
    await l.load()
    expect([l.rows.value, l.finished.value, l.cachedAt.value]).toEqual([[1, 2], false, 7])
    await l.load()
    expect([l.rows.value, l.finished.value, l.total.value]).toEqual([[1, 2, 3], true, 3])
  })

  it('starts again on reset, and drops what an older question answers late', async () => {
    let release: (v: Cached<Page<string>>) => void = () => undefined
    const fetchPage = vi
      .fn<(page: number, size: number) => Promise<Cached<Page<string>>>>()
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValueOnce(answer(['new'], 1))
    const l = usePaged<string>(fetchPage)
    const old = l.load()
    await l.reset()
    release(answer(['old'], 9))
    await old
    expect([l.rows.value, l.total.value, l.loading.value, l.finished.value]).toEqual([['new'], 1, false, true])
  })
})

describe('dayTime', () => {
  it('words a time to come in China’s way, in Beijing time', () => {
    expect(dayTime('2026-06-03T02:00:00Z')).toBe('6月3日 周三 10:00')
    expect(dayTime('2026-06-03T17:30:00Z')).toBe('6月4日 周四 01:30')
    expect(dayTime(undefined)).toBe('')
  })
})
