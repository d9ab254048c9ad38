import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError } from '@/api/client'
import { useAuthStore } from '@/api/session'
import type { Me } from '@/api/types'
import { i18n } from '../i18n'
import { ageText } from './age'
import { KEEP_ROWS, cachedGet, clearCache, useCacheTable, type CacheRow } from './cache'
import { memoryTable } from './idb'

const INBOX = { items: [{ id: 'e1', title: '楼道堆物', phone: '138****0001' }] }

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

describe('cachedGet', () => {
  let rows = memoryTable<CacheRow>((r) => r.key)
  const fetchMock = vi.fn<typeof fetch>()

  beforeEach(() => {
    rows = memoryTable<CacheRow>((r) => r.key)
    useCacheTable(rows)
    setActivePinia(createPinia())
    useAuthStore().me = { id: 'u1' } as Me
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('answers fresh data online and keeps it for the user', async () => {
    fetchMock.mockResolvedValueOnce(answer(INBOX))
    const got = await cachedGet('/api/v1/inbox')
    expect(got).toMatchObject({ data: INBOX, offline: false })
    expect((await rows.all()).map((r) => [r.key, r.user])).toEqual([['u1 /api/v1/inbox', 'u1']])
  })

  it('answers the kept copy, with its age, when the network fails', async () => {
    fetchMock.mockResolvedValueOnce(answer(INBOX))
    const first = await cachedGet('/api/v1/inbox')
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const got = await cachedGet('/api/v1/inbox')
    expect(got).toEqual({ data: INBOX, savedAt: first.savedAt, offline: true })
  })

  it('answers the kept copy when the network is too slow', async () => {
    fetchMock.mockResolvedValueOnce(answer(INBOX))
    await cachedGet('/api/v1/inbox')
    fetchMock.mockImplementationOnce(
      (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    )
    const got = await cachedGet('/api/v1/inbox', { timeout: 20 })
    expect(got.offline).toBe(true)
  })

  it("never answers another user's copy, and throws the network error without one", async () => {
    fetchMock.mockResolvedValueOnce(answer(INBOX))
    await cachedGet('/api/v1/inbox')
    useAuthStore().me = { id: 'u2' } as Me
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const err = await cachedGet('/api/v1/inbox').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).network).toBe(true)
  })

  it('throws server refusals as they are, without the kept copy', async () => {
    fetchMock.mockResolvedValueOnce(answer(INBOX))
    await cachedGet('/api/v1/inbox')
    fetchMock.mockResolvedValueOnce(answer({ status: 403, code: 'forbidden' }, 403))
    await expect(cachedGet('/api/v1/inbox')).rejects.toMatchObject({ status: 403 })
  })

  it('keeps each query apart, at most KEEP_ROWS, and forgets all on sign-out', async () => {
    for (let page = 1; page <= KEEP_ROWS + 3; page++) {
      fetchMock.mockResolvedValueOnce(answer({ page }))
      await cachedGet('/api/v1/residents', { query: { page } as never })
    }
    const kept = await rows.all()
    expect(kept).toHaveLength(KEEP_ROWS)
    expect(kept.some((r) => r.key.endsWith('page=1'))).toBe(false)
    await clearCache()
    expect(await rows.all()).toEqual([])
  })

  it('refuses to keep a revealed answer', async () => {
    await expect(cachedGet('/api/v1/residents/{id}/reveal' as never, { path: { id: 'r1' } } as never)).rejects.toThrow(/never kept/)
    expect(fetchMock).not.toHaveBeenCalled()
  })
})

describe('ageText', () => {
  const now = Date.UTC(2026, 5, 3, 6, 0)
  it('words the age', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(ageText(now - 20_000, now)).toBe('刚刚')
    expect(ageText(now - 5 * 60_000, now)).toBe('5 分钟前')
    expect(ageText(now - 3 * 3600_000, now)).toBe('3 小时前')
    expect(ageText(now - 50 * 3600_000, now)).toBe('2 天前')
    i18n.global.locale.value = 'en'
    expect(ageText(now - 60_000, now)).toBe('1 minute ago')
    expect(ageText(now - 5 * 60_000, now)).toBe('5 minutes ago')
    i18n.global.locale.value = 'zh-CN'
  })
})
