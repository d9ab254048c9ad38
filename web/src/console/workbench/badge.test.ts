import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const get = vi.fn()
vi.mock('@/api/client', () => ({ get: (...a: unknown[]) => get(...a) }))
const { useInboxBadge, FRESH_MS } = await import('./badge')

describe('the inbox badge', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    get.mockReset()
    get.mockResolvedValue({ total: 4 })
  })
  it('reads the count, then not again while it is fresh', async () => {
    const b = useInboxBadge()
    await b.refresh(false, 100_000)
    expect(b.count).toBe(4)
    await b.refresh(false, 100_000 + FRESH_MS - 1)
    expect(get).toHaveBeenCalledTimes(1)
    await b.refresh(false, 100_000 + FRESH_MS)
    expect(get).toHaveBeenCalledTimes(2)
  })
  it('takes a count read elsewhere as fresh; force reads anyway', async () => {
    const b = useInboxBadge()
    b.set(9, 50_000)
    await b.refresh(false, 50_001)
    expect(b.count).toBe(9)
    await b.refresh(true, 50_002)
    expect(b.count).toBe(4)
  })
})
