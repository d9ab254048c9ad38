import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, type Problem } from '@/api/client'
import { memoryTable } from '../offline/idb'
import { BACKOFF, KEEP_DONE, Outbox, backoff, hrefOf, newKey, verdictOf, type Transport } from './queue'
import type { Item } from './types'

interface Call {
  kind: 'upload' | 'send'
  key: string
  path?: string
  body?: Record<string, unknown>
}

// a server the test scripts: each call takes the next planned outcome (an
// error to throw) or succeeds
function fakeServer() {
  const calls: Call[] = []
  const plan: (ApiError | undefined)[] = []
  let uploads = 0
  let gate: Promise<void> | undefined
  const next = async () => {
    if (gate) await gate
    const err = plan.shift()
    if (err) throw err
  }
  const transport: Transport = {
    async upload(_photo, key) {
      calls.push({ kind: 'upload', key })
      await next()
      return `att-${++uploads}`
    },
    async send(path, body, key) {
      calls.push({ kind: 'send', key, path, body })
      await next()
      return { id: `r-${calls.length}`, number: 'E1' }
    },
  }
  return {
    calls,
    plan,
    transport,
    hold(): () => void {
      let open!: () => void
      gate = new Promise((r) => (open = r))
      return () => {
        gate = undefined
        open()
      }
    },
  }
}

const network = () => new ApiError({ status: 0, title: 'network' })
const refused = (p: Problem) => new ApiError(p)

function setup(user: { id: string | undefined } = { id: 'u1' }) {
  const server = fakeServer()
  const store = memoryTable<Item>((i) => i.id)
  let n = 0
  const box = new Outbox({
    store,
    transport: server.transport,
    user: () => user.id,
    describe: (e) => (e instanceof ApiError ? `refused ${e.status} ${e.problem.code ?? ''}`.trim() : String(e)),
    random: () => 0.5,
    newId: () => `k${++n}`,
  })
  return { box, server, store, user }
}

const write = (title: string, photos = 0) => ({
  kind: 'report',
  title,
  path: '/api/v1/public/reports',
  body: { title },
  photos: Array.from({ length: photos }, (_, i) => new Blob([`photo ${i}`], { type: 'image/jpeg' })),
  link: '/reports/{id}',
})

describe('outbox queue', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }))
  afterEach(() => vi.useRealTimers())

  it('sends in order, one at a time, and marks them done', async () => {
    const { box, server } = setup()
    const release = server.hold()
    await box.enqueue(write('a'))
    await box.enqueue(write('b'))
    await box.enqueue(write('c'))
    expect(box.pending.value).toBe(3)
    release()
    await box.sync()
    expect(server.calls.map((c) => c.body?.title)).toEqual(['a', 'b', 'c'])
    expect(box.pending.value).toBe(0)
    expect(box.items.value.map((i) => i.state)).toEqual(['done', 'done', 'done'])
    expect(box.items.value[0].href).toBe('/reports/r-1')
  })

  it('keeps an item queued after a network failure and backs off, then sends it with the same key', async () => {
    const { box, server } = setup()
    server.plan.push(network())
    await box.enqueue(write('a'))
    await box.sync()
    expect(box.items.value[0].state).toBe('queued')
    expect(box.pending.value).toBe(1)
    const wait = box.retryAt.value! - Date.now()
    expect(wait).toBe(backoff(1, 0.5))
    expect(wait).toBeGreaterThanOrEqual(BACKOFF.base / 2)

    await vi.advanceTimersByTimeAsync(wait - 1)
    expect(server.calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await box.sync()
    expect(server.calls).toHaveLength(2)
    expect(server.calls[1].key).toBe(server.calls[0].key)
    expect(box.items.value[0]).toMatchObject({ state: 'done', attempts: 2 })
    expect(box.retryAt.value).toBeUndefined()
  })

  it('waits longer after each failure, up to the cap, with jitter in the upper half', () => {
    expect(backoff(1, 0)).toBe(2_500)
    expect(backoff(1, 0.999)).toBeLessThanOrEqual(5_000)
    expect(backoff(2, 1)).toBe(10_000)
    expect(backoff(3, 1)).toBe(20_000)
    expect(backoff(20, 1)).toBe(BACKOFF.cap)
    expect(backoff(20, 0)).toBe(BACKOFF.cap / 2)
  })

  it('stops at the head of the queue when it fails: later items wait their turn', async () => {
    const { box, server } = setup()
    const release = server.hold()
    await box.enqueue(write('a'))
    await box.enqueue(write('b'))
    server.plan.push(refused({ status: 503 }))
    release()
    await box.sync()
    expect(server.calls.map((c) => c.body?.title)).toEqual(['a'])
    expect(box.items.value.map((i) => i.state)).toEqual(['queued', 'queued'])
  })

  it('uploads photos once across retries and puts their ids in the body', async () => {
    const { box, server } = setup()
    // photo 1 goes up, photo 2 fails, then all goes through
    server.plan.push(undefined, network())
    await box.enqueue({ ...write('a', 2), photoField: 'photo_ids' })
    await box.sync()
    expect(box.items.value[0].uploaded).toEqual(['att-1'])
    await box.syncNow()
    const uploads = server.calls.filter((c) => c.kind === 'upload').map((c) => c.key)
    expect(uploads).toEqual(['k2-p0', 'k2-p1', 'k2-p1'])
    const sent = server.calls.filter((c) => c.kind === 'send')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ key: 'k2', body: { title: 'a', photo_ids: ['att-1', 'att-2'] } })
    // a sent item lets its photos go, and says how many it had
    expect(box.items.value[0]).toMatchObject({ state: 'done', photos: [], photoCount: 2 })
  })

  it('puts a conflict in front of the user, with the problem, and goes on with the rest', async () => {
    const { box, server } = setup()
    const release = server.hold()
    await box.enqueue(write('a'))
    await box.enqueue(write('b'))
    server.plan.push(refused({ status: 409, code: 'event.status', detail: 'the case moved on' }))
    release()
    await box.sync()
    const [a, b] = box.items.value
    expect(a).toMatchObject({ state: 'attention', problem: 'refused 409 event.status', failure: { code: 'event.status' } })
    expect(b.state).toBe('done')
    expect(box.attention.value).toBe(1)
    expect(box.pending.value).toBe(0)
  })

  it('retries a 409 whose first attempt is still running, with the same key', async () => {
    const { box, server } = setup()
    server.plan.push(refused({ status: 409, code: 'idempotency.in_progress' }))
    await box.enqueue(write('a'))
    await box.sync()
    expect(box.items.value[0].state).toBe('queued')
    await box.syncNow()
    expect(server.calls.map((c) => c.key)).toEqual(['k2', 'k2'])
    expect(box.items.value[0].state).toBe('done')
  })

  it('puts a 422 in front of the user; a retry sends it anew under a new key, photos again', async () => {
    const { box, server } = setup()
    server.plan.push(undefined, refused({ status: 422, code: 'idempotency.key_reused' }))
    await box.enqueue(write('a', 1))
    await box.sync()
    const item = box.items.value[0]
    expect(item).toMatchObject({ state: 'attention', problem: 'refused 422 idempotency.key_reused' })
    await box.retry(item.id)
    expect(server.calls.map((c) => c.key)).toEqual(['k2-p0', 'k2', 'k3-p0', 'k3'])
    expect(box.items.value[0]).toMatchObject({ state: 'done', attempts: 2, problem: undefined })
  })

  it('discards an item that needs attention, and only such an item', async () => {
    const { box, server, store } = setup()
    server.plan.push(refused({ status: 422 }), network())
    await box.enqueue(write('a'))
    await box.sync()
    await box.enqueue(write('b'))
    await box.sync()
    const [a, b] = box.items.value
    await box.discard(b.id)
    await box.discard(a.id)
    expect((await store.all()).map((i) => i.title)).toEqual(['b'])
    expect(box.attention.value).toBe(0)
  })

  it('pauses on a 401 and keeps the item until the user signs in again', async () => {
    const { box, server } = setup()
    server.plan.push(refused({ status: 401 }))
    await box.enqueue(write('a'))
    await box.sync()
    expect(box.paused.value).toBe(true)
    expect(box.items.value[0].state).toBe('queued')
    expect(box.retryAt.value).toBeUndefined()
    await box.sync()
    expect(server.calls).toHaveLength(1)
    await box.resume()
    expect(server.calls.map((c) => c.key)).toEqual(['k2', 'k2'])
    expect(box.paused.value).toBe(false)
    expect(box.items.value[0].state).toBe('done')
  })

  it('never sends an item twice when syncs are asked for at once', async () => {
    const { box, server } = setup()
    const release = server.hold()
    await box.enqueue(write('a'))
    await box.enqueue(write('b'))
    const runs = [box.sync(), box.sync(), box.syncNow(), box.sync()]
    release()
    await Promise.all(runs)
    await box.sync()
    expect(server.calls.map((c) => c.body?.title)).toEqual(['a', 'b'])
  })

  it("sends only the signed-in user's items, and shows only theirs", async () => {
    const { box, server, user } = setup()
    server.plan.push(network())
    await box.enqueue(write('mine'))
    await box.sync()
    user.id = 'u2'
    await box.resume()
    expect(box.items.value).toEqual([])
    expect(server.calls).toHaveLength(1)
    user.id = undefined
    await expect(box.enqueue(write('x'))).rejects.toThrow(/signed in/)
    user.id = 'u1'
    await box.resume()
    expect(server.calls.map((c) => c.body?.title)).toEqual(['mine', 'mine'])
  })

  it('takes an item left "sending" by a closed page as queued', async () => {
    const { box, server, store } = setup()
    const release = server.hold()
    const item = await box.enqueue(write('a'))
    await store.put({ ...(await store.get(item.id))!, state: 'sending' })
    release()
    await box.syncNow()
    expect(server.calls).toHaveLength(1)
    expect(box.items.value[0].state).toBe('done')
  })

  it('lets sent items go after a while', async () => {
    const { box, store } = setup()
    await box.enqueue(write('a'))
    await box.sync()
    vi.setSystemTime(Date.now() + KEEP_DONE + 1)
    await box.refresh()
    expect(box.items.value).toEqual([])
    expect(await store.all()).toEqual([])
  })

  it('keeps a link function for the page, a template for good', async () => {
    const { box } = setup()
    await box.enqueue({ ...write('a'), link: (a) => `/x/${String(a.number)}` })
    await box.sync()
    expect(box.items.value[0].href).toBe('/x/E1')
    expect(hrefOf('/e/{id}?n={number}', { id: 'a b', number: 1 })).toBe('/e/a%20b?n=1')
  })
})

describe('verdictOf', () => {
  it('sorts failures', () => {
    expect(verdictOf(network())).toBe('retry')
    expect(verdictOf(refused({ status: 500 }))).toBe('retry')
    expect(verdictOf(refused({ status: 429 }))).toBe('retry')
    expect(verdictOf(refused({ status: 409, code: 'idempotency.in_progress' }))).toBe('retry')
    expect(verdictOf(refused({ status: 409, code: 'conflict' }))).toBe('attention')
    expect(verdictOf(refused({ status: 422 }))).toBe('attention')
    expect(verdictOf(refused({ status: 404 }))).toBe('attention')
    expect(verdictOf(refused({ status: 401 }))).toBe('pause')
    expect(verdictOf(refused({ status: 403, detail: 'password change required' }))).toBe('pause')
    expect(verdictOf(refused({ status: 403 }))).toBe('attention')
    expect(verdictOf(new TypeError('x'))).toBe('attention')
  })

  it('makes UUID keys', () => {
    expect(newKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
